/**
 * The read side of the consent ledger: one pure fold per read model (`applyLedgerEvent`), the queries
 * over them, and the checkpointed runner that keeps them in SQLite from a durable `$all` subscription.
 * The audit's as-of views fold the ledger up to a moment into `InMemoryReadModels` and use the same queries.
 */

// folds: the one definition of each read model
export { applyLedgerEvent, applyRecordedEvent } from './folds/apply-ledger-event.js';
export type {
  ConsentRequestEntry,
  CustomerListEntry,
  CustomerPartnerEntry,
  OemConsentLinkRequestEntry,
  OemRevocationEntry,
  OemRevocationStatus,
  OemRevocationSummary,
  PartnerEntry,
  RegistrationAuthorisationEntry,
} from './read-models.js';

// stores
export type { FoldStore, PageMark, PageRequest, Placement, QueryStore, StoredPage } from './store/read-model-store.js';
export { InMemoryReadModels } from './store/in-memory-read-models.js';

// queries
export {
  authorisationAnswer,
  authorisationOf,
  consentRequestView,
  customerList,
  customerPartner,
  customerPartners,
  oemConsentLinkQueue,
  oemRevocationQueue,
  oemRevocationRequest,
  partnerEntry,
  registrationAuthorisations,
  type AuthorisationAnswer,
  type AuthorisationQuestion,
  type ConsentRequestView,
  type OemConsentLinkQueueItem,
  type OemRevocationQueueItem,
} from './queries/read-model-queries.js';
export { unfinishedCspAcceptances, type UnfinishedCspAcceptance } from './folds/unfinished-acceptance-fold.js';
export {
  DEFAULT_PAGE_LIMIT,
  InvalidCursorError,
  MAX_PAGE_LIMIT,
  type Page,
  type PageOptions,
} from './queries/paging.js';

// the runner on SQLite, and the rebuild
export { ProjectionRunner, type ProjectionRunnerOptions } from './runner/projection-runner.js';
export { ReadModelProjection, type ReadModelCommit } from './runner/read-model-projection.js';
export { projectionStatus, type ProjectionProgress, type ProjectionStatus } from './runner/projection-status.js';
export { SqliteReadModelReader } from './sqlite/sqlite-read-model-reader.js';
export { ledgerEventFilter } from './runner/ledger-event-filter.js';
export {
  existingCheckpoint,
  rebuildReadModels,
  type RebuildOptions,
  type RebuildOutcome,
  type RebuildProgress,
} from './runner/rebuild-read-models.js';
export { REBUILD_NODE_FLAGS, relaunchedWithRebuildFlags } from './rebuild/rebuild-process.js';
export { READ_MODEL_VERSION } from './sqlite/read-model-database.js';

/** The read models' file name under `LEDGER_DATA_DIR`. */
export const READ_MODELS_FILE = 'read-models.sqlite';

// event builders for specs, end-to-end tests and the benchmark
export * as ledgerEvents from './testing/ledger-events.js';
