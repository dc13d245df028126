// Security of an installation: password hashes, login rate limits and lockout, MQTT accounts with topic ACLs for the
// embedded broker (and mosquitto), and roles per dashboard page. No Node-RED import. See docs/security.md.
export * from './passwords';
export * from './login-guard';
export * from './mqtt-accounts';
export * from './broker-auth';
export * from './roles';
export * from './socket-filter';
export * from './files';
export * from './web-guard';
