import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  consentReceipt,
  inclusionProof,
  leafHash,
  signConsentReceipt,
  verifyInclusion,
  type AcceptedConsentLink,
  type ConsentReceipt,
  type ConsentReceiptController,
} from '@ledger/ledger-proofs';
import { LedgerConfig } from '../../config/ledger-config.js';
import { NotaryKeyring } from '../../notary/notary-keyring.js';
import { problemType } from '../../problem-details/problem-details.js';
import { ProblemException } from '../../problem-details/problem.exception.js';
import { LedgerIndex } from '../ledger-index/ledger-index.js';
import type { AcceptanceRecord } from './consent-facts-reader.js';

export interface SignedConsentReceipt {
  /** The compact JWS (EdDSA, `typ: consent-receipt+jws`), verifiable with GET /v1/audit/public-key. */
  jws: string;
  /** Its payload, decoded, for reading. */
  receipt: ConsentReceipt;
}

/**
 * Builds and signs the receipt of one acceptance, with the evidence that the event is in the ledger: its chain
 * hash, the first signed checkpoint that covers it and its inclusion proof in that checkpoint's tree (both null
 * until the notary has covered it; ask again a few seconds later).
 */
@Injectable()
export class ConsentReceipts {
  private readonly controller: Omit<ConsentReceiptController, 'url'>;

  constructor(
    private readonly keyring: NotaryKeyring,
    private readonly index: LedgerIndex,
    private readonly ledgerConfig: LedgerConfig,
    config: ConfigService,
  ) {
    const email = config.get<string>('CONSENT_RECEIPT_CONTROLLER_EMAIL');
    this.controller = {
      piiController: config.get<string>('CONSENT_RECEIPT_CONTROLLER') ?? 'Consent ledger operator',
      ...(email ? { email } : {}),
    };
  }

  /** The receipt of the acceptance `record` holds (either kind of link: the event names it). */
  async receiptFor(record: AcceptanceRecord): Promise<SignedConsentReceipt> {
    const data = record.acceptance.data as {
      acceptedAt?: string;
      delegatedAdminGranted?: boolean;
      acceptedBy?: { sub?: string; signInName?: string };
      link?: AcceptedConsentLink;
    };
    if (data.link?.kind !== 'CSP_CONSENT_REQUEST' && data.link?.kind !== 'OEM_CONSENT_LINK') {
      throw new Error(`the acceptance ${record.acceptance.id} names no consent link`);
    }
    const leaf = this.index.leafOfEvent(record.acceptance.id);
    const covering = leaf ? this.index.checkpointCovering(leaf.leafIndex) : undefined;
    const proof = leaf && covering ? inclusionProof(leaf.leafIndex, covering.treeSize, this.index.leafHashes()) : null;
    // The event recomputes to its link (`ConsentFactsReader`), but a link can be recomputed by whoever edits the store:
    // the leaf the index recorded, and the signed root the proof leads to, must be this chain hash's.
    const eventLeaf = leafHash(Buffer.from(record.chainHash, 'hex'));
    const mismatch =
      leaf && !leaf.leafHash.equals(eventLeaf)
        ? `its chain hash is not the Merkle leaf recorded for it (leaf ${leaf.leafIndex})`
        : proof && covering && !verifyInclusion(proof, eventLeaf, covering.rootHash).ok
          ? `its chain hash is not in the tree of the checkpoint at tree size ${covering.treeSize}`
          : undefined;
    if (mismatch) {
      throw new ProblemException({
        status: 500,
        type: problemType('ledger-integrity'),
        detail: `event ${record.acceptance.id}: ${mismatch}: the ledger was altered; nothing is signed over it (run the audit to see what changed)`,
      });
    }
    const receipt = consentReceipt({
      // Read now: with PORT=0 the default PUBLIC_BASE_URL names the port only once the server listens.
      controller: { ...this.controller, url: this.ledgerConfig.PUBLIC_BASE_URL! },
      subjectTenantId: record.customerTenantId,
      partner: { partnerId: record.partnerId, name: record.partnerName },
      delegatedAdmin: data.delegatedAdminGranted === true,
      givenAt: data.acceptedAt ?? record.acceptance.createdAt,
      givenBy: {
        userPrincipalName: data.acceptedBy?.signInName ?? data.acceptedBy?.sub ?? 'unknown',
        ...(data.acceptedBy?.sub ? { objectId: data.acceptedBy.sub } : {}),
      },
      link: data.link,
      eventId: record.acceptance.id,
      eventChainHash: record.chainHash,
      coveringCheckpoint: covering ?? null,
      inclusionProof: proof,
    });
    return { jws: await signConsentReceipt(receipt, this.keyring.current), receipt };
  }
}
