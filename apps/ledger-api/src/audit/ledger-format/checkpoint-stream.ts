/**
 * The notary's stream: leases (`NotaryElected`) and signed checkpoints (`LedgerCheckpointed`), appended with an
 * expected revision so that two notaries can never both extend it from the same head.
 */
export const CHECKPOINT_STREAM = 'ledger-checkpoints';
export const LEDGER_CHECKPOINTED = 'LedgerCheckpointed';
export const NOTARY_ELECTED = 'NotaryElected';
