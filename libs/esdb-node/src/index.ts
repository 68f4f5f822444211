export {
  startEmbeddedNode,
  DEFAULT_CREDENTIALS,
  DEFAULT_MAX_APPEND_SIZE,
  type EmbeddedNode,
  type EmbeddedNodeHandle,
  type EmbeddedNodeOptions,
} from './node.js';
export { startEmbeddedNodeInWorker } from './worker/start-embedded-node-in-worker.js';
export { DATABASE_FILE } from './storage/sqlite-event-log.js';
export { startDoNothingNode, type DoNothingNode, type DoNothingNodeOptions } from './do-nothing-node.js';
export { CorruptRecordError, DatabaseIntegrityError, StorageWriteError } from './storage/errors.js';
export type { EventLog, RecordedEvent } from './storage/event-log.js';
