// Durable buffering for time-series writes (no Node-RED import): InfluxDB line protocol, an append-only on-disk
// queue that survives a crash at any moment, the 1.x / 2.x HTTP write APIs, and a batching writer that retries with
// backoff and replays in order. The `civic-influx-buffer` node is a thin adapter over these.
export * from './line-protocol';
export * from './points';
export * from './queue';
export * from './http';
export * from './writer';
