import type { RecordedEvent } from '@ledger/event-store';

type Data = Record<string, unknown>;
const str = (value: unknown): string => (typeof value === 'string' ? value : '?');
const who = (actor: unknown): string => {
  if (typeof actor !== 'object' || actor === null) return 'someone';
  const { signInName, sub } = actor as { signInName?: unknown; sub?: unknown };
  return typeof signInName === 'string' ? signInName : `user ${str(sub)}`;
};
const dap = (granted: unknown): string => (granted === true ? 'with delegated admin rights (DAP)' : 'without DAP');

const SENTENCES: Readonly<Record<string, (data: Data) => string>> = {
  ConsentRequested: (d) =>
    `Partner ${str(d.partnerId)} asked for consent ${d.delegatedAdminRequested === true ? 'with' : 'without'} ` +
    `delegated admin rights (request ${str(d.requestId)}, link valid until ${str(d.expiresAt)})`,
  ConsentRequestCancelled: (d) => `Partner ${str(d.partnerId)} cancelled consent request ${str(d.requestId)}`,
  ConsentRequestAccepted: (d) =>
    `${who(d.acceptedBy)}, Global Administrator, used the consent link of request ${str(d.requestId)}`,
  ConsentAccepted: (d) =>
    `${who(d.acceptedBy)}, Global Administrator, accepted partner ${str(d.partnerId)} (${str(d.partnerKind)}) ` +
    dap(d.delegatedAdminGranted),
  DapRemoved: (d) => `The customer removed the delegated admin rights of partner ${str(d.partnerId)}`,
  OemRevocationRequested: (d) => `The customer asked support to revoke OEM ${str(d.partnerId)}: "${str(d.reason)}"`,
  OemRevocationCompleted: (d) => `Support revoked OEM ${str(d.partnerId)}: it may no longer register devices`,
  OemRevocationRejected: (d) => `Support rejected the revocation of OEM ${str(d.partnerId)}: "${str(d.reason)}"`,
};

/** One sentence a person reads in a customer's timeline. */
export const describeEvent = (event: Pick<RecordedEvent, 'type' | 'data'>): string =>
  SENTENCES[event.type]?.(event.data) ?? `${event.type} recorded`;
