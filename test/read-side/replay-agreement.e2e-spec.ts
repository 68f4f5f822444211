import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isLedgerEventType } from '@ledger/consent-domain';
import { READ_MODELS_FILE, rebuildReadModels } from '@ledger/projections';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, mintLocalToken } from '../../apps/ledger-api/src/identity/index.js';
import { LedgerOverHttp, type Reply } from './support/ledger-over-http.js';
import { dumpReadModels } from './support/read-model-dump.js';

/**
 * A random history of commands through the write routes, lists paged while writes happen between pages, then every
 * list route compared with the ledger folded here, independently of libs/projections, from domain.md's rules.
 */

const API = 'PARTNER_CENTER_API';
const CSV = 'PARTNER_CENTER_UI_CSV';
const OEM_API = 'OEM_DIRECT_API';

/** A small seeded generator, so that a failing history can be replayed. */
const prng = (seed: number) => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!, chance: (p: number) => next() < p };
};

interface PartnerModel { kind: string; name: string; eligible: boolean; provider?: string }
interface RelModel { status: 'active' | 'revoked'; kind: string; acceptedAt: string; dap: boolean; provider?: string; pendingRevocation?: string }
interface RevocationModel { id: string; partnerId: string; tenant: string; status: string; position: bigint }
interface LinkRequestModel { status: 'pending' | 'issued'; position: bigint }

/** The read models as domain.md defines them, folded from the ledger's events. */
const foldLedger = (events: readonly { type: string; data: any; position: bigint }[]) => {
  const partners = new Map<string, PartnerModel>();
  const rels = new Map<string, RelModel>();
  const resellersOf = new Map<string, string[]>(); // provider|tenant -> resellers, in order of first consent
  const revocations = new Map<string, RevocationModel>();
  const latestRevocation = new Map<string, string>(); // partner|tenant -> revocation id
  const linkRequests = new Map<string, LinkRequestModel>();
  const key = (a: string, b: string) => `${a}|${b}`;
  for (const { type, data, position } of events) {
    switch (type) {
      case 'PartnerEnrolled':
        partners.set(data.partnerId, { kind: data.kind, name: data.name, eligible: data.oemDirectApiEligible, ...(data.indirectProviderId ? { provider: data.indirectProviderId } : {}) });
        break;
      case 'OemDirectApiEligibilityChanged': {
        partners.get(data.partnerId)!.eligible = data.oemDirectApiEligible;
        const waiting = linkRequests.get(data.partnerId);
        if (!data.oemDirectApiEligible && waiting?.status === 'pending') linkRequests.delete(data.partnerId);
        break;
      }
      case 'OemConsentLinkRequested':
        if (linkRequests.get(data.partnerId)?.status !== 'pending') linkRequests.set(data.partnerId, { status: 'pending', position });
        break;
      case 'OemConsentLinkIssued':
        if (linkRequests.get(data.partnerId)?.status === 'pending') linkRequests.set(data.partnerId, { status: 'issued', position });
        break;
      case 'ConsentAccepted': {
        const k = key(data.partnerId, data.customerTenantId);
        const before = rels.get(k);
        if (before?.status === 'revoked') latestRevocation.delete(k);
        const active = before?.status === 'active' ? before : undefined;
        rels.set(k, {
          status: 'active',
          kind: data.partnerKind,
          acceptedAt: active?.acceptedAt ?? data.acceptedAt,
          dap: (active?.dap ?? false) || data.delegatedAdminGranted,
          ...(data.indirectProviderId ? { provider: data.indirectProviderId } : {}),
        });
        if (data.partnerKind === 'CSP_INDIRECT_RESELLER' && data.indirectProviderId) {
          const list = resellersOf.get(key(data.indirectProviderId, data.customerTenantId)) ?? [];
          if (!list.includes(data.partnerId)) list.push(data.partnerId);
          resellersOf.set(key(data.indirectProviderId, data.customerTenantId), list);
        }
        break;
      }
      case 'DapRemoved':
        rels.get(key(data.partnerId, data.customerTenantId))!.dap = false;
        break;
      case 'OemRevocationRequested':
        rels.get(key(data.partnerId, data.customerTenantId))!.pendingRevocation = data.revocationRequestId;
        revocations.set(data.revocationRequestId, { id: data.revocationRequestId, partnerId: data.partnerId, tenant: data.customerTenantId, status: 'pending', position });
        latestRevocation.set(key(data.partnerId, data.customerTenantId), data.revocationRequestId);
        break;
      case 'OemRevocationCompleted':
      case 'OemRevocationRejected': {
        const rel = rels.get(key(data.partnerId, data.customerTenantId))!;
        delete rel.pendingRevocation;
        if (type === 'OemRevocationCompleted') rel.status = 'revoked';
        revocations.get(data.revocationRequestId)!.status = type === 'OemRevocationCompleted' ? 'completed' : 'rejected';
        break;
      }
      default:
        break;
    }
  }

  const channelsOf: Record<string, string[]> = { CSP_DIRECT: [API, CSV], CSP_INDIRECT_RESELLER: [CSV], CSP_INDIRECT_PROVIDER: [API, CSV], OEM: [OEM_API] };
  const basisOf: Record<string, string> = { CSP_DIRECT: 'DIRECT_CONSENT', CSP_INDIRECT_RESELLER: 'DIRECT_CONSENT', CSP_INDIRECT_PROVIDER: 'VIA_RESELLER', OEM: 'OEM_CONSENT' };
  const tenants = new Set([...rels.keys()].map((k) => k.split('|')[1]!));

  /** The provider's active reseller consents for a tenant, earliest first. */
  const viaResellers = (provider: string, tenant: string) =>
    (resellersOf.get(key(provider, tenant)) ?? [])
      .map((reseller) => ({ reseller, rel: rels.get(key(reseller, tenant))! }))
      .filter(({ rel }) => rel.status === 'active' && rel.provider === provider)
      .sort((a, b) => a.rel.acceptedAt.localeCompare(b.rel.acceptedAt));

  /** The contract's registration-authorisation fields for one partner and tenant, or undefined when there is no row. */
  const authorisation = (partnerId: string, tenant: string) => {
    const partner = partners.get(partnerId);
    if (partner === undefined) return undefined;
    const own = rels.get(key(partnerId, tenant));
    if (partner.kind === 'CSP_INDIRECT_PROVIDER') {
      if (!resellersOf.has(key(partnerId, tenant))) return undefined;
      const via = viaResellers(partnerId, tenant);
      if (via.length === 0) return { customerTenantId: tenant, authorised: false, channels: [], delegatedAdmin: false, revocationPending: false };
      return {
        customerTenantId: tenant, authorised: true, basis: 'VIA_RESELLER', viaResellerId: via[0]!.reseller, channels: channelsOf[partner.kind],
        since: via[0]!.rel.acceptedAt, delegatedAdmin: via.some(({ rel }) => rel.dap), revocationPending: false,
      };
    }
    if (own === undefined) return undefined;
    if (partner.kind === 'OEM' && !partner.eligible) {
      return { customerTenantId: tenant, authorised: false, channels: [], delegatedAdmin: false, revocationPending: own.status === 'active' && own.pendingRevocation !== undefined };
    }
    if (own.status === 'revoked') return { customerTenantId: tenant, authorised: false, channels: [], delegatedAdmin: false, revocationPending: false };
    return {
      customerTenantId: tenant, authorised: true, basis: basisOf[partner.kind], channels: channelsOf[partner.kind], since: own.acceptedAt,
      delegatedAdmin: own.dap, revocationPending: own.pendingRevocation !== undefined,
    };
  };

  const byTenant = <T extends { customerTenantId: string }>(rows: T[]) => rows.sort((a, b) => (a.customerTenantId < b.customerTenantId ? -1 : 1));

  const registrationAuthorisations = (partnerId: string) =>
    byTenant([...tenants].flatMap((tenant) => {
      const row = authorisation(partnerId, tenant);
      return row === undefined ? [] : [row];
    }));

  /** The customer list: customers whose consent the partner's listing rests on. */
  const listing = (partnerId: string, tenant: string) => {
    const partner = partners.get(partnerId);
    if (partner === undefined) return undefined;
    if (partner.kind === 'CSP_INDIRECT_PROVIDER') {
      const via = viaResellers(partnerId, tenant);
      return via.length === 0 ? undefined : { customerTenantId: tenant, acceptedAt: via[0]!.rel.acceptedAt, delegatedAdmin: via.some(({ rel }) => rel.dap), viaResellerId: via[0]!.reseller };
    }
    const own = rels.get(key(partnerId, tenant));
    return own?.status === 'active' ? { customerTenantId: tenant, acceptedAt: own.acceptedAt, delegatedAdmin: own.dap } : undefined;
  };
  const customerList = (partnerId: string) =>
    byTenant([...tenants].flatMap((tenant) => {
      const row = listing(partnerId, tenant);
      return row === undefined ? [] : [row];
    }));

  const customerPartners = (tenant: string) =>
    [...partners.keys()].sort().flatMap((partnerId) => {
      const partner = partners.get(partnerId)!;
      const listed = listing(partnerId, tenant);
      const own = rels.get(key(partnerId, tenant));
      if (listed === undefined && own === undefined) return [];
      const revocationId = latestRevocation.get(key(partnerId, tenant));
      return [{
        partnerId,
        name: partner.name,
        kind: partner.kind,
        acceptedAt: listed?.acceptedAt ?? own!.acceptedAt,
        delegatedAdmin: listed?.delegatedAdmin ?? own!.dap,
        authorised: authorisation(partnerId, tenant)?.authorised ?? false,
        ...(revocationId === undefined ? {} : { oemRevocationStatus: revocations.get(revocationId)!.status }),
      }];
    });

  const revocationQueue = (status: string) =>
    [...revocations.values()].filter((entry) => entry.status === status).sort((a, b) => (a.position < b.position ? -1 : 1)).map((entry) => entry.id);
  const linkQueue = (status: string) =>
    [...linkRequests.entries()].filter(([, entry]) => entry.status === status).sort(([, a], [, b]) => (a.position < b.position ? -1 : 1)).map(([partnerId]) => partnerId);

  return { partners, tenants, registrationAuthorisations, customerList, customerPartners, revocationQueue, linkQueue };
};

describe('the read models agree with a replay of the ledger after a random history', () => {
  let ledger: LedgerOverHttp;
  let support: string;
  let auditor: string;
  const token: Record<string, string> = {};
  const tenants = Array.from({ length: 6 }, () => randomUUID());
  const upper = (tenant: string, random: ReturnType<typeof prng>) => (random.chance(0.3) ? tenant.toUpperCase() : tenant);
  let last = '0';

  const write = async (method: string, path: string, who: string, body?: unknown): Promise<Reply> => {
    const reply = await ledger.call(method, path, who, body);
    if (reply.status >= 500) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    expect(reply.status === 400 ? reply.body : undefined).toBeUndefined();
    if (reply.status < 300 && reply.position !== null && BigInt(reply.position) > BigInt(last)) last = reply.position;
    return reply;
  };

  /** Every item of a list, a page at a time, running `between` after each page. */
  const pageThrough = async (path: string, who: string, limit: number, between: () => Promise<void> = async () => undefined) => {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const reply = await ledger.read(`${path}${separator}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, who, last);
      expect({ path, status: reply.status }).toEqual({ path, status: 200 });
      items.push(...reply.body.items);
      cursor = reply.body.nextCursor;
      await between();
    } while (cursor !== null);
    return items;
  };

  beforeAll(async () => {
    ledger = await LedgerOverHttp.start();
    support = await ledger.support();
    auditor = await mintLocalToken(ledger.dataDir, { sub: 'auditor-1', tid: 'operator-tenant', roles: ['auditor'] });
    for (const body of [
      { partnerId: 'CSP1', name: 'Direct One', kind: 'CSP_DIRECT' },
      { partnerId: 'CSP2', name: 'Direct Two', kind: 'CSP_DIRECT' },
      { partnerId: 'PROV', name: 'Provider', kind: 'CSP_INDIRECT_PROVIDER' },
      { partnerId: 'RES1', name: 'Reseller One', kind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' },
      { partnerId: 'RES2', name: 'Reseller Two', kind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' },
      { partnerId: 'OEM1', name: 'OEM One', kind: 'OEM', oemDirectApiEligible: true },
      { partnerId: 'OEM2', name: 'OEM Two', kind: 'OEM', oemDirectApiEligible: true },
    ]) {
      expect((await write('POST', '/v1/partners', support, body)).status).toBe(201);
      token[body.partnerId] = await ledger.partner(body.partnerId);
    }
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  it.each([1, 2])('seed %i', async (seed) => {
    const random = prng(seed);
    const links: { link: string; tenant?: string }[] = [];
    const requests: { partnerId: string; requestId: string }[] = [];
    const oemLinks: Record<string, string> = {};
    const revocations: string[] = [];
    const admin = (tenant: string) =>
      mintLocalToken(ledger.dataDir, { sub: `ga-${tenant}`, tid: random.chance(0.2) ? tenant.toUpperCase() : tenant, wids: [GLOBAL_ADMINISTRATOR_ROLE_ID], upn: `admin@t${tenant.slice(0, 4)}.onmicrosoft.com` });

    const step = async (): Promise<void> => {
      const tenant = random.pick(tenants);
      switch (random.pick(['request', 'request', 'accept', 'accept', 'cancel', 'dap', 'oem-ask', 'oem-issue', 'oem-accept', 'oem-accept', 'revoke', 'handle', 'handle', 'eligibility'])) {
        case 'request': {
          const partnerId = random.pick(['CSP1', 'CSP2', 'RES1', 'RES2']);
          const named = random.chance(0.7);
          const reply = await write('POST', '/v1/consent-requests', token[partnerId]!, {
            ...(named ? { customerTenantId: upper(tenant, random) } : {}),
            delegatedAdminRequested: random.chance(0.5),
          });
          if (reply.status === 201) {
            links.push({ link: LedgerOverHttp.linkPath(reply.body.consentLink), ...(named ? { tenant } : {}) });
            requests.push({ partnerId, requestId: reply.body.requestId });
          }
          return;
        }
        case 'accept': {
          if (links.length === 0) return;
          const { link, tenant: named } = random.pick(links);
          await write('POST', `${link}/accept`, await admin(named ?? tenant), { confirm: true });
          return;
        }
        case 'cancel': {
          if (requests.length === 0) return;
          const { partnerId, requestId } = random.pick(requests);
          await write('POST', `/v1/consent-requests/${requestId}/cancel`, token[partnerId]!);
          return;
        }
        case 'dap':
          await write('DELETE', `/v1/customers/${upper(tenant, random)}/partners/${random.pick(['CSP1', 'CSP2', 'RES1', 'RES2'])}/delegated-admin`, await admin(tenant));
          return;
        case 'oem-ask': {
          const oem = random.pick(['OEM1', 'OEM2']);
          await write('POST', `/v1/partners/${oem}/oem-consent-link-requests`, token[oem]!);
          return;
        }
        case 'oem-issue': {
          const oem = random.pick(['OEM1', 'OEM2']);
          const reply = await write('POST', `/v1/partners/${oem}/oem-consent-link`, support);
          if (reply.status === 201) oemLinks[oem] = LedgerOverHttp.linkPath(reply.body.consentLink);
          return;
        }
        case 'oem-accept': {
          const oem = random.pick(['OEM1', 'OEM2']);
          if (oemLinks[oem] === undefined) return;
          await write('POST', `${oemLinks[oem]}/accept`, await admin(tenant), { confirm: true });
          return;
        }
        case 'revoke': {
          const reply = await write('POST', `/v1/customers/${upper(tenant, random)}/oem-revocation-requests`, await admin(tenant), {
            partnerId: random.pick(['OEM1', 'OEM2']),
            reason: 'changed supplier',
          });
          if (reply.status === 202) revocations.push(reply.body.revocationRequestId);
          return;
        }
        case 'handle': {
          if (revocations.length === 0) return;
          const id = random.pick(revocations);
          if (random.chance(0.5)) await write('POST', `/v1/oem-revocation-requests/${id}/complete`, support);
          else await write('POST', `/v1/oem-revocation-requests/${id}/reject`, support, { reason: 'contract still running' });
          return;
        }
        case 'eligibility': {
          if (!random.chance(0.3)) return;
          await write('PUT', `/v1/partners/${random.pick(['OEM1', 'OEM2'])}/oem-direct-api-eligibility`, support, { oemDirectApiEligible: random.chance(0.6) });
          return;
        }
      }
    };

    /** Pages a list with writes between pages: what was listed before and after is seen exactly once, in order. */
    const pagedUnderWrites = async (path: string, who: string, id: (item: any) => string) => {
      const before = (await pageThrough(path, who, 500)).map(id);
      const seen = (await pageThrough(path, who, 2, async () => { for (let i = 0; i < 3; i += 1) await step(); })).map(id);
      const after = (await pageThrough(path, who, 500)).map(id);
      expect(new Set(seen).size).toBe(seen.length);
      for (const item of before.filter((item) => after.includes(item))) expect(seen).toContain(item);
    };

    for (let i = 0; i < 120; i += 1) await step();
    const views: [string, string, (item: any) => string][] = [
      ['/v1/partners/PROV/customers', token['PROV']!, (item) => item.customerTenantId],
      ['/v1/partners/CSP1/registration-authorisations', token['CSP1']!, (item) => item.customerTenantId],
      [`/v1/customers/${tenants[0]}/partners`, support, (item) => item.partnerId],
      ['/v1/oem-revocation-requests?status=pending', support, (item) => item.revocationRequestId],
      ['/v1/oem-revocation-requests?status=rejected', support, (item) => item.revocationRequestId],
      ['/v1/oem-consent-link-requests?status=issued', support, (item) => item.partnerId],
    ];
    for (const [path, who, id] of views) await pagedUnderWrites(path, who, id);
    for (let i = 0; i < 60; i += 1) await step();

    const events: { type: string; data: any; position: bigint }[] = [];
    for await (const event of ledger.eventStore.readAll()) if (isLedgerEventType(event.type)) events.push({ type: event.type, data: event.data, position: event.position });
    const model = foldLedger(events);

    for (const partnerId of model.partners.keys()) {
      expect({ partnerId, customers: await pageThrough(`/v1/partners/${partnerId}/customers`, support, 3) }).toEqual({ partnerId, customers: model.customerList(partnerId) });
      const rows = await pageThrough(`/v1/partners/${partnerId}/registration-authorisations`, auditor, 3);
      const shown = rows.map(({ customerTenantId, authorised, basis, viaResellerId, channels, since, delegatedAdmin, revocationPending }: any) => ({
        customerTenantId, authorised, ...(basis === undefined || !authorised ? {} : { basis }), ...(viaResellerId === undefined ? {} : { viaResellerId }), channels, ...(since === undefined ? {} : { since }), delegatedAdmin, revocationPending,
      }));
      expect({ partnerId, rows: shown }).toEqual({ partnerId, rows: model.registrationAuthorisations(partnerId) });
    }
    for (const tenant of tenants) {
      const items = await pageThrough(`/v1/customers/${tenant.toUpperCase()}/partners`, await admin(tenant), 2);
      const shown = items.map(({ partnerId, name, kind, acceptedAt, delegatedAdmin, authorised, oemRevocation }: any) => ({
        partnerId, name, kind, acceptedAt, delegatedAdmin, authorised, ...(oemRevocation === undefined ? {} : { oemRevocationStatus: oemRevocation.status }),
      }));
      expect({ tenant, partners: shown }).toEqual({ tenant, partners: model.customerPartners(tenant) });
    }
    for (const status of ['pending', 'completed', 'rejected']) {
      const items = await pageThrough(`/v1/oem-revocation-requests?status=${status}`, support, 2);
      expect({ status, ids: items.map((item) => item.revocationRequestId) }).toEqual({ status, ids: model.revocationQueue(status) });
    }
    for (const status of ['pending', 'issued']) {
      const items = await pageThrough(`/v1/oem-consent-link-requests?status=${status}`, support, 1);
      expect({ status, ids: items.map((item) => item.partnerId) }).toEqual({ status, ids: model.linkQueue(status) });
    }

    // A rebuild from position 0 gives the same documents as the live read models.
    const rebuilt = join(ledger.dataDir, `rebuilt-${seed}.sqlite`);
    await rebuildReadModels({ eventStore: ledger.eventStore, databasePath: rebuilt });
    expect(dumpReadModels(rebuilt)).toEqual(dumpReadModels(join(ledger.dataDir, READ_MODELS_FILE)));
  });
});
