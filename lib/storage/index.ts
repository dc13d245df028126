// Durable buffering for time-series writes and history for charts (no Node-RED import): InfluxDB line protocol, an
// append-only on-disk queue that survives a crash or a full disk without losing an accepted point, the 1.x / 2.x
// HTTP write APIs, a batching writer that retries with backoff and replays in order, and range queries downsampled
// for dashboard charts. The `civic-influx-buffer` and `civic-history` nodes are thin adapters over these.
export * from './line-protocol';
export * from './records';
export * from './stamp';
export * from './lock';
export * from './position';
export * from './recovery';
export * from './points';
export * from './queue';
export * from './http';
export * from './writer';
export * from './options';
export * from './report';
export * from './history';
export * from './lttb';
export * from './atomic-file';
export * from './shift-jis';
