/**
 * The benchmark's ledger: partners of every kind (a quarter each; every reseller under a provider) and
 * customers with cancelled and accepted consent requests, DAP removals and OEM revocations: about five
 * events per customer (200,000 customers: ~1,000,000 events). Written through the event-store port as the
 * write side writes: each stream's events of one customer in one multi-event append, many customers in
 * flight at once (the client's BatchAppend pipelines them).
 */
import { randomUUID } from 'node:crypto';
import { streamOf, type LedgerEvent } from '@ledger/consent-domain';
import type { EventStore, JsonObject } from '@ledger/event-store';
import { ledgerEvents as ev } from '@ledger/projections';

export interface LedgerShape {
  readonly partners: number;
  readonly customers: number;
  /** Customers written concurrently. */
  readonly concurrency?: number;
}

export interface GeneratedLedger {
  readonly events: number;
  readonly appends: number;
  readonly seconds: number;
  /** `$all` position of the last event written. */
  readonly lastPosition: bigint;
}

type BenchPartnerKind = 'CSP_DIRECT' | 'CSP_INDIRECT_RESELLER' | 'CSP_INDIRECT_PROVIDER' | 'OEM';
const KINDS: readonly BenchPartnerKind[] = ['CSP_DIRECT', 'CSP_INDIRECT_RESELLER', 'CSP_INDIRECT_PROVIDER', 'OEM'];

/** The customer tenant id of customer number `n`. */
export const benchTenant = (n: number): string => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

const partnerOf = (n: number): { id: string; kind: BenchPartnerKind } => ({ id: `P${n}`, kind: KINDS[n % 4]! });
const providerOf = (reseller: number): string => `P${reseller - (reseller % 4) + 2}`;

const benchEnrolments = (partners: number): LedgerEvent[] =>
  Array.from({ length: partners }, (_, n) => {
    const { id, kind } = partnerOf(n);
    return ev.partnerEnrolled(id, kind, kind === 'CSP_INDIRECT_RESELLER' ? { indirectProviderId: providerOf(n) } : {});
  });

/** The history of customer `c` with its partner (a provider's customers consent through a direct CSP). */
export const customerHistory = (c: number, partners: number): LedgerEvent[] => {
  const partnerIndex = c % partners;
  const { id, kind } = partnerOf(partnerIndex);
  const t = benchTenant(c);
  if (kind === 'OEM') {
    const events: LedgerEvent[] = [ev.oemConsentAccepted(id, `L${id}`, t)];
    if (c % 5 === 0) events.push(ev.revocationRequested(`V${c}`, id, t), ev.revocationCompleted(`V${c}`, id, t), ev.oemConsentAccepted(id, `L${id}`, t));
    else if (c % 7 === 0) events.push(ev.revocationRequested(`V${c}`, id, t));
    return events;
  }
  const actualKind = kind === 'CSP_INDIRECT_PROVIDER' ? 'CSP_DIRECT' : kind;
  const actualId = kind === 'CSP_INDIRECT_PROVIDER' ? `P${partnerIndex - 2}` : id;
  const extra = actualKind === 'CSP_INDIRECT_RESELLER' ? { partnerKind: actualKind, indirectProviderId: providerOf(partnerIndex) } : {};
  return [
    // A first request the partner cancelled (a wrong DAP choice), then the one the customer accepted.
    ev.consentRequested(`R${c}-cancelled`, actualId, { customerTenantId: t, ...extra }),
    ev.requestCancelled(`R${c}-cancelled`, actualId),
    ev.consentRequested(`R${c}`, actualId, { customerTenantId: t, delegatedAdminRequested: true, ...extra }),
    ev.requestAccepted(`R${c}`, actualId, t),
    ev.cspConsentAccepted(`R${c}`, actualId, t, { delegatedAdminGranted: true, ...extra }),
    ev.dapRemoved(actualId, t),
  ];
};

/** Consecutive events of one stream, as one append each, in the history's order. */
const appendsOf = (history: readonly LedgerEvent[]): { stream: string; events: LedgerEvent[] }[] => {
  const appends: { stream: string; events: LedgerEvent[] }[] = [];
  for (const event of history) {
    const stream = streamOf(event);
    const last = appends.at(-1);
    if (last?.stream === stream) last.events.push(event);
    else appends.push({ stream, events: [event] });
  }
  return appends;
};

/** Appends domain events to their streams (consecutive events of one stream together); the last `$all` position. */
export const appendLedgerEvents = async (store: EventStore, events: readonly LedgerEvent[]): Promise<{ position: bigint; appends: number }> => {
  let position = 0n;
  const appends = appendsOf(events);
  for (const append of appends) {
    const outcome = await store.append(
      append.stream,
      append.events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data as unknown as JsonObject })),
      { expectedRevision: 'any' },
    );
    position = outcome.position;
  }
  return { position, appends: appends.length };
};

/** Writes the whole ledger: enrolments, then every customer's history, `concurrency` customers at a time. */
export const writeBenchLedger = async (store: EventStore, shape: LedgerShape, onProgress?: (events: number) => void): Promise<GeneratedLedger> => {
  const started = performance.now();
  const enrolments = benchEnrolments(shape.partners);
  let events = enrolments.length;
  let appends = 0;
  let lastPosition = 0n;
  const note = (outcome: { position: bigint; appends: number }): void => {
    appends += outcome.appends;
    if (outcome.position > lastPosition) lastPosition = outcome.position;
  };
  // Each partner has its own stream: all providers (and the others) at once, then all resellers.
  const isReseller = (event: LedgerEvent): boolean => event.type === 'PartnerEnrolled' && event.data.kind === 'CSP_INDIRECT_RESELLER';
  for (const wave of [enrolments.filter((event) => !isReseller(event)), enrolments.filter(isReseller)]) {
    (await Promise.all(wave.map((enrolment) => appendLedgerEvents(store, [enrolment])))).forEach(note);
  }
  let next = 0;
  const writer = async (): Promise<void> => {
    while (next < shape.customers) {
      const history = customerHistory(next++, shape.partners);
      note(await appendLedgerEvents(store, history));
      const before = events;
      events += history.length;
      if (onProgress !== undefined && Math.floor(before / 100_000) !== Math.floor(events / 100_000)) onProgress(events);
    }
  };
  await Promise.all(Array.from({ length: shape.concurrency ?? 128 }, writer));
  return { events, appends, seconds: (performance.now() - started) / 1000, lastPosition };
};
