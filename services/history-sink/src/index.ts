export type { BatchWriterOptions, RefusedRow, SourcedRows, WriteTable } from './batch-writer.js';
export { BatchWriter, RefusedRowNotStoredError, WriterAbortedError } from './batch-writer.js';
export type { SinkConfig } from './config.js';
export { loadSinkConfig, sinkEnv } from './config.js';
export type { Decoded } from './decode-message.js';
export { MessageDecoder } from './decode-message.js';
export type { SinkDependencies, SinkStats } from './history-sink.js';
export { HistorySink } from './history-sink.js';
