import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { canonicalJson } from '../canonical-json.js';
import type { HexDigest } from '../digest.js';
import type { InclusionProof } from '../merkle/inclusion-proof.js';
import { verificationKey } from './jwks.js';
import type { SignedCheckpoint } from './checkpoint.js';
import type { LedgerSigningKey } from './signing-key.js';

export const CONSENT_RECEIPT_PURPOSE = 'Windows Autopilot device registration';
export const CONSENT_RECEIPT_VERSION = 'KI-CR-v1.1.0';
/** The JWS `typ` of a receipt, so that no other token signed with the ledger key passes for one. */
export const CONSENT_RECEIPT_TYPE = 'consent-receipt+jws';

/**
 * A consent receipt, named after the Kantara Initiative Consent Receipt Specification v1.1 (whose vocabulary
 * ISO/IEC TS 27560 carries on): the customer's tenant is the PII principal, the partner the third party the
 * authorisation is disclosed to, the purpose Windows Autopilot device registration. What is particular to this
 * ledger sits under `ledger`: the consent request, the DAP, who accepted, and the evidence that the acceptance
 * event is in the tamper-evident ledger.
 */
export interface ConsentReceipt {
  version: typeof CONSENT_RECEIPT_VERSION;
  /** Unique per receipt: the id of the `ConsentAccepted` event. */
  consentReceiptID: string;
  /** When consent was given, in seconds since the epoch (Kantara's unit). */
  consentTimestamp: number;
  collectionMethod: string;
  jurisdiction?: string;
  language: string;
  /** The subject: the customer's Entra tenant id. */
  piiPrincipalId: string;
  piiControllers: ConsentReceiptController[];
  policyUrl?: string;
  services: [ConsentReceiptService];
  sensitive: false;
  spiCat: [];
  ledger: ConsentReceiptLedgerEvidence;
}

/** Who is accountable for the processing consented to: the organisation that runs this ledger. */
export interface ConsentReceiptController {
  piiController: string;
  contact?: string;
  email?: string;
  url?: string;
}

export interface ConsentReceiptService {
  service: typeof CONSENT_RECEIPT_PURPOSE;
  purposes: [
    {
      purpose: typeof CONSENT_RECEIPT_PURPOSE;
      purposeCategory: ['Device registration'];
      consentType: 'EXPLICIT';
      piiCategory: ['Device hardware identifiers'];
      primaryPurpose: true;
      termination: string;
      thirdPartyDisclosure: true;
      /** The partner's name. */
      thirdPartyName: string;
    },
  ];
}

/** The consent link a customer accepted: a CSP's consent request, or an OEM's unique link. */
export type AcceptedConsentLink =
  | { readonly kind: 'CSP_CONSENT_REQUEST'; readonly requestId: string }
  | { readonly kind: 'OEM_CONSENT_LINK'; readonly linkId: string };

export interface ConsentReceiptLedgerEvidence {
  /** The link accepted. */
  link: AcceptedConsentLink;
  /** The CSP consent request accepted (the link's request id); absent for an OEM's link. */
  consentRequestId?: string;
  partnerId: string;
  /** Whether delegated admin privileges (DAP) came with the consent. */
  delegatedAdmin: boolean;
  /** When consent was given, ISO 8601 UTC. */
  givenAt: string;
  /** The Global Administrator who accepted. */
  givenBy: { userPrincipalName: string; objectId?: string };
  /** The `ConsentAccepted` event: its id, and its chain hash (its Merkle leaf). */
  eventId: string;
  eventChainHash: HexDigest;
  /** The first signed checkpoint whose tree holds the event; null until the notary has made one. */
  coveringCheckpoint: SignedCheckpoint | null;
  /** The event's inclusion proof in that checkpoint's tree; present with the checkpoint. */
  inclusionProof: InclusionProof | null;
}

/** The facts of one acceptance, in the ledger's words; `consentReceipt` puts them in the receipt vocabulary. */
export interface ConsentFacts {
  controller: ConsentReceiptController;
  subjectTenantId: string;
  partner: { partnerId: string; name: string };
  delegatedAdmin: boolean;
  givenAt: Date | string;
  givenBy: { userPrincipalName: string; objectId?: string };
  link: AcceptedConsentLink;
  eventId: string;
  eventChainHash: HexDigest;
  coveringCheckpoint: SignedCheckpoint | null;
  inclusionProof: InclusionProof | null;
  jurisdiction?: string;
  policyUrl?: string;
  language?: string;
}

export const consentReceipt = (facts: ConsentFacts): ConsentReceipt => {
  const givenAt = new Date(facts.givenAt);
  if (Number.isNaN(givenAt.getTime())) throw new RangeError(`givenAt is not a date: ${String(facts.givenAt)}`);
  return {
    version: CONSENT_RECEIPT_VERSION,
    consentReceiptID: facts.eventId,
    consentTimestamp: Math.floor(givenAt.getTime() / 1000),
    collectionMethod: 'Consent link accepted by a Global Administrator of the customer tenant',
    ...(facts.jurisdiction === undefined ? {} : { jurisdiction: facts.jurisdiction }),
    language: facts.language ?? 'en',
    piiPrincipalId: facts.subjectTenantId,
    piiControllers: [facts.controller],
    ...(facts.policyUrl === undefined ? {} : { policyUrl: facts.policyUrl }),
    services: [
      {
        service: CONSENT_RECEIPT_PURPOSE,
        purposes: [
          {
            purpose: CONSENT_RECEIPT_PURPOSE,
            purposeCategory: ['Device registration'],
            consentType: 'EXPLICIT',
            piiCategory: ['Device hardware identifiers'],
            primaryPurpose: true,
            termination: 'Until the customer removes the partner relationship or an OEM revocation is completed',
            thirdPartyDisclosure: true,
            thirdPartyName: facts.partner.name,
          },
        ],
      },
    ],
    sensitive: false,
    spiCat: [],
    ledger: {
      link: facts.link,
      ...(facts.link.kind === 'CSP_CONSENT_REQUEST' ? { consentRequestId: facts.link.requestId } : {}),
      partnerId: facts.partner.partnerId,
      delegatedAdmin: facts.delegatedAdmin,
      givenAt: givenAt.toISOString(),
      givenBy: facts.givenBy,
      eventId: facts.eventId,
      eventChainHash: facts.eventChainHash,
      coveringCheckpoint: facts.coveringCheckpoint,
      inclusionProof: facts.inclusionProof,
    },
  };
};

/** The receipt as a compact JWS (EdDSA, the ledger's key), its payload the receipt's canonical JSON. */
export const signConsentReceipt = (receipt: ConsentReceipt, key: LedgerSigningKey): Promise<string> =>
  new CompactSign(Buffer.from(canonicalJson(receipt), 'utf8'))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: CONSENT_RECEIPT_TYPE })
    .sign(key.privateKey);

export class ConsentReceiptError extends Error {
  override readonly name = 'ConsentReceiptError';
}

/**
 * Verifies a receipt JWS against the ledger's JWKS and returns its payload. Does not check the checkpoint or the
 * inclusion proof inside (`verifyCheckpoint`, `verifyInclusion` do, with the event's leaf hash).
 */
export const verifyConsentReceipt = async (jws: string, jwks: unknown): Promise<ConsentReceipt> => {
  let header;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new ConsentReceiptError('the consent receipt is not a compact JWS');
  }
  if (header.alg !== 'EdDSA' || header.typ !== CONSENT_RECEIPT_TYPE || typeof header.kid !== 'string') {
    throw new ConsentReceiptError(`the JWS is not a consent receipt (alg EdDSA, typ ${CONSENT_RECEIPT_TYPE}, a kid)`);
  }
  const publicKey = verificationKey(jwks, header.kid);
  try {
    const { payload } = await compactVerify(jws, publicKey, { algorithms: ['EdDSA'] });
    return JSON.parse(Buffer.from(payload).toString('utf8')) as ConsentReceipt;
  } catch (error) {
    throw new ConsentReceiptError(`the consent receipt signature does not verify: ${(error as Error).message}`);
  }
};
