// Running the heavy privacy work off the event loop: the worker thread (runner, worker), de-identification batches
// and streams, and k-anonymity runs.
export { PrivacyWorker, CancelledError, fromWire, toWire, type CallOptions } from './runner';
export { deidentifyBatch, DeidentifyStream, INLINE_MAX, type BatchResult, type Failure, type RunOptions } from './deidentify-run';
export { kAnonymizeRun, checkRecords, kTimeLimitError, type KAnonymityRun, type KRunOptions } from './kanon-run';
