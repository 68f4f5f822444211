// @ledger/ledger-proofs: tamper evidence for the consent ledger, pure and shared by the service and the offline
// verifier. Node's crypto and jose only; nothing else of ours.
export { canonicalJson, CanonicalJsonError } from './canonical-json.js';
export { sha256, sha256Hex, isHexDigest, digestBytes, toHex, DIGEST_BYTES, type HexDigest } from './digest.js';

export { eventContentHash, type EventContent } from './hash-chain/event-content-hash.js';
export { chainHash } from './hash-chain/chain-hash.js';
export { recomputeLink, recomputeLinkInto, type RecomputedLink, type RecomputedInto } from './hash-chain/recompute-link.js';
export {
  CHAIN_METADATA_KEY,
  linkEvent,
  withChainLink,
  splitChainLink,
  isChainLink,
  type ChainLink,
} from './hash-chain/chain-link.js';
export {
  ChainVerifier,
  verifyChain,
  type RecordedEvent,
  type ChainFault,
  type ChainFaultKind,
  type ChainVerdict,
  type ChainVerifierOptions,
} from './hash-chain/chain-verifier.js';

export { EMPTY_TREE_ROOT, leafHash, nodeHash } from './merkle/tree-hashing.js';
export { MerkleTreeBuilder, type CompactRange } from './merkle/merkle-tree-builder.js';
export { rangeRoot, type LeafHashes } from './merkle/leaf-hashes.js';
export { type ProofCheck } from './merkle/proof-check.js';
export {
  inclusionProof,
  rootFromInclusionProof,
  verifyInclusion,
  type InclusionProof,
} from './merkle/inclusion-proof.js';
export { consistencyProof, verifyConsistency, type ConsistencyProof } from './merkle/consistency-proof.js';

export {
  generateSigningKey,
  exportSigningKey,
  importSigningKey,
  ed25519Thumbprint,
  SigningKeyError,
  type LedgerSigningKey,
} from './signing/signing-key.js';
export { publicJwk, toJwks, verificationKey, JwksError, type Jwks, type Ed25519PublicJwk } from './signing/jwks.js';
export {
  signCheckpoint,
  verifyCheckpoint,
  checkpointSigningInput,
  ledgerPosition,
  CheckpointError,
  type Checkpoint,
  type SignedCheckpoint,
  type CheckpointCheck,
  type LedgerPosition,
} from './signing/checkpoint.js';
export {
  consentReceipt,
  signConsentReceipt,
  verifyConsentReceipt,
  ConsentReceiptError,
  CONSENT_RECEIPT_PURPOSE,
  CONSENT_RECEIPT_VERSION,
  CONSENT_RECEIPT_TYPE,
  type ConsentReceipt,
  type ConsentFacts,
  type ConsentReceiptController,
  type ConsentReceiptService,
  type ConsentReceiptLedgerEvidence,
  type AcceptedConsentLink,
} from './signing/consent-receipt.js';
