import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '@ledger/event-store';
import { ledgerEvents as ev } from '@ledger/projections';
import { PARTNER_CENTER_HEADER } from '@ledger/device-submissions';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, mintLocalToken, type LocalTokenClaims } from '../../apps/ledger-api/src/identity/index.js';
import { record } from './support/ledger.js';

const CONTOSO = '11111111-1111-4111-8111-111111111111';
const FABRIKAM = '22222222-2222-4222-8222-222222222222';
const HASH = 'A'.repeat(4000);

describe('the read side over HTTP', () => {
  let dataDir: string;
  let api: LedgerApi;
  let eventStore: EventStore;
  let at: bigint;
  const tokens: Record<string, string> = {};

  const get = async (path: string, who: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}`, ...headers } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };
  const validate = async (who: string, body: unknown) => {
    const response = await fetch(`${api.url}/v1/device-submissions/validate?minPosition=${at}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const validateFile = async (who: string, query: string, csv: string) => {
    const response = await fetch(`${api.url}/v1/device-submissions/validate?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'text/csv' },
      body: csv,
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-read-side-'));
    api = await createLedgerApi({
      environment: { PORT: '0', HOST: '127.0.0.1', LEDGER_DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: undefined, LOG_LEVEL: 'silent' },
    });
    eventStore = api.app.get(EventStore);
    const claims: Record<string, LocalTokenClaims> = {
      support: { sub: 'support-alice', tid: 'ops', roles: ['support'] },
      auditor: { sub: 'auditor', tid: 'ops', roles: ['auditor'] },
      ...Object.fromEntries(['CSP1', 'CSP2', 'RES', 'PROV', 'OEM1', 'OEM2'].map((id) => [id, { sub: `app-${id}`, tid: 'ops', roles: ['partner'], partnerId: id }])),
      contosoAdmin: { sub: 'ga-contoso', tid: CONTOSO, wids: [GLOBAL_ADMINISTRATOR_ROLE_ID], upn: 'admin@contoso.onmicrosoft.com' },
      fabrikamAdmin: { sub: 'ga-fabrikam', tid: FABRIKAM, wids: [GLOBAL_ADMINISTRATOR_ROLE_ID], upn: 'admin@fabrikam.onmicrosoft.com' },
    };
    for (const [who, claim] of Object.entries(claims)) tokens[who] = await mintLocalToken(dataDir, claim);
    at = await record(
      eventStore,
      ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
      ev.partnerEnrolled('CSP2', 'CSP_DIRECT'),
      ev.partnerEnrolled('PROV', 'CSP_INDIRECT_PROVIDER'),
      ev.partnerEnrolled('RES', 'CSP_INDIRECT_RESELLER', { indirectProviderId: 'PROV' }),
      ev.partnerEnrolled('OEM1', 'OEM'),
      ev.partnerEnrolled('OEM2', 'OEM'),
      // CSP direct, with DAP, then DAP removed
      ev.consentRequested('R1', 'CSP1', { customerTenantId: CONTOSO, delegatedAdminRequested: true }),
      ev.requestAccepted('R1', 'CSP1', CONTOSO),
      ev.cspConsentAccepted('R1', 'CSP1', CONTOSO, { delegatedAdminGranted: true }),
      ev.dapRemoved('CSP1', CONTOSO),
      // CSP2: one pending, one cancelled, one expired request
      ev.consentRequested('R2', 'CSP2', { customerTenantId: CONTOSO }),
      ev.consentRequested('R3', 'CSP2', { customerTenantId: FABRIKAM }),
      ev.requestCancelled('R3', 'CSP2'),
      ev.consentRequested('R4', 'CSP2', { customerTenantId: FABRIKAM, expiresAt: '2026-01-01T00:00:00.000Z' }),
      // indirect reseller and its provider
      ev.consentRequested('R5', 'RES', { customerTenantId: FABRIKAM, partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' }),
      ev.requestAccepted('R5', 'RES', FABRIKAM),
      ev.cspConsentAccepted('R5', 'RES', FABRIKAM, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' }),
      // OEM1: revocation pending at Contoso; completed then consent again at Fabrikam
      ev.oemConsentAccepted('OEM1', 'L1', CONTOSO),
      ev.revocationRequested('V1', 'OEM1', CONTOSO),
      // OEM2: revocation completed at Contoso; waits for a link
      ev.oemConsentAccepted('OEM2', 'L2', CONTOSO),
      ev.revocationRequested('V2', 'OEM2', CONTOSO),
      ev.revocationCompleted('V2', 'OEM2', CONTOSO),
      ev.oemLinkRequested('OEM2'),
    );
  });

  afterAll(async () => {
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads its writes: minPosition waits for the projection and the answer says which position it reflects', async () => {
    const customers = await get(`/v1/partners/CSP1/customers?minPosition=${at}`, 'CSP1');
    expect(customers.status).toBe(200);
    expect(BigInt(customers.headers.get('ledger-position')!)).toBeGreaterThanOrEqual(at);
    expect(customers.body).toEqual({ items: [{ customerTenantId: CONTOSO, acceptedAt: ev.AT, delegatedAdmin: false }], nextCursor: null });
    const next = await record(eventStore, ev.cspConsentAccepted('R9', 'CSP1', FABRIKAM));
    const right = await get('/v1/partners/CSP1/customers', 'CSP1', { 'Ledger-Position': String(next) });
    expect(right.body.items.map((item: any) => item.customerTenantId)).toEqual([CONTOSO, FABRIKAM]);
    at = next;
  });

  it('reaches the position of an event the read models do not fold (an idempotency record, a notary checkpoint) once it has followed it', async () => {
    const { position } = await eventStore.append(`other-${randomUUID()}`, [{ id: randomUUID(), type: 'NotALedgerEvent', data: { n: 1 } }], {
      expectedRevision: 'no_stream',
    });
    const customers = await get(`/v1/partners/CSP1/customers?minPosition=${position}`, 'CSP1');
    expect(customers.status).toBe(200);
    expect(BigInt(customers.headers.get('ledger-position')!)).toBeGreaterThanOrEqual(position);
    expect(customers.body.items.map((item: any) => item.customerTenantId)).toEqual([CONTOSO, FABRIKAM]);
  });

  it('answers 503 with Retry-After when the read model does not reach the position in time, 400 for a bad one', async () => {
    const behind = await get(`/v1/partners/CSP1/customers?minPosition=${at + 1_000_000n}`, 'CSP1');
    expect(behind.status).toBe(503);
    expect(behind.headers.get('retry-after')).toBe('1');
    expect(behind.headers.get('content-type')).toContain('application/problem+json');
    expect((await get('/v1/partners/CSP1/customers?minPosition=abc', 'CSP1')).status).toBe(400);
  });

  it('registration authorisations: CSP direct (DAP removed, still authorised), reseller UI only, provider via reseller, OEM flagged and revoked', async () => {
    expect((await get('/v1/partners/CSP1/registration-authorisations', 'CSP1')).body.items[0]).toMatchObject({
      customerTenantId: CONTOSO, authorised: true, basis: 'DIRECT_CONSENT', channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'], since: ev.AT, delegatedAdmin: false, revocationPending: false,
    });
    expect((await get('/v1/partners/RES/registration-authorisations', 'RES')).body.items[0]).toMatchObject({ authorised: true, channels: ['PARTNER_CENTER_UI_CSV'] });
    expect((await get('/v1/partners/PROV/registration-authorisations', 'auditor')).body.items[0]).toMatchObject({
      customerTenantId: FABRIKAM, authorised: true, basis: 'VIA_RESELLER', viaResellerId: 'RES', channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'],
    });
    expect((await get('/v1/partners/PROV/customers', 'PROV')).body.items).toEqual([{ customerTenantId: FABRIKAM, acceptedAt: ev.AT, delegatedAdmin: false, viaResellerId: 'RES' }]);
    expect((await get('/v1/partners/OEM1/registration-authorisations', 'support')).body.items[0]).toMatchObject({ authorised: true, channels: ['OEM_DIRECT_API'], revocationPending: true });
    expect((await get('/v1/partners/OEM2/registration-authorisations', 'OEM2')).body.items[0]).toMatchObject({ authorised: false, reasonCode: 'OEM_REVOCATION_COMPLETED' });
    expect((await get('/v1/partners/CSP2/registration-authorisations', 'CSP2')).body.items).toEqual([]);
  });

  it('keeps partners and tenants apart', async () => {
    expect((await get('/v1/partners/CSP1/customers', 'CSP2')).status).toBe(403);
    expect((await get('/v1/partners/CSP1/registration-authorisations', 'OEM1')).status).toBe(403);
    expect((await get(`/v1/customers/${CONTOSO}/partners`, 'fabrikamAdmin')).status).toBe(403);
    expect((await get('/v1/oem-revocation-requests?status=pending', 'CSP1')).status).toBe(403);
    expect((await fetch(`${api.url}/v1/partners/CSP1/customers`)).status).toBe(401);
  });

  it("partners per customer, for the customer's admin", async () => {
    const partners = await get(`/v1/customers/${CONTOSO}/partners`, 'contosoAdmin');
    expect(partners.body.items.map((p: any) => [p.partnerId, p.kind, p.authorised, p.oemRevocation?.status])).toEqual([
      ['CSP1', 'CSP_DIRECT', true, undefined],
      ['OEM1', 'OEM', true, 'pending'],
      ['OEM2', 'OEM', false, 'completed'],
    ]);
  });

  it('queues for support, oldest first, with age, who asked and why', async () => {
    const queue = await get('/v1/oem-revocation-requests?status=pending', 'support');
    expect(queue.body.items).toEqual([
      expect.objectContaining({ revocationRequestId: 'V1', partnerId: 'OEM1', customerTenantId: CONTOSO, reason: 'we no longer buy from them', requestedBy: ev.adminOf(CONTOSO), ageSeconds: expect.any(Number) }),
    ]);
    expect((await get('/v1/oem-consent-link-requests?status=pending', 'support')).body.items).toEqual([expect.objectContaining({ partnerId: 'OEM2', status: 'pending' })]);
    expect((await get('/v1/oem-revocation-requests?status=nope', 'support')).status).toBe(400);
  });

  it('pages every list: limit bounds, opaque cursor, a bad cursor is a 400', async () => {
    const first = await get('/v1/partners/CSP1/customers?limit=1', 'CSP1');
    expect(first.body.items).toHaveLength(1);
    const second = await get(`/v1/partners/CSP1/customers?limit=1&cursor=${first.body.nextCursor}`, 'CSP1');
    expect(second.body).toEqual({ items: [expect.objectContaining({ customerTenantId: FABRIKAM })], nextCursor: null });
    for (const bad of ['limit=0', 'limit=501', 'limit=x', 'limit=1e2', 'limit=0x10', 'cursor=nonsense']) {
      const response = await get(`/v1/partners/CSP1/customers?${bad}`, 'CSP1');
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe(bad.split('=')[0]);
    }
  });

  it("refuses a cursor handed out by another list, or for another partner's or tenant's, or altered, with a 400 naming the cursor", async () => {
    const ofContoso = await get(`/v1/customers/${CONTOSO}/partners?limit=1`, 'support');
    const ofCsp1 = await get('/v1/partners/CSP1/customers?limit=1', 'support');
    for (const cursor of [ofContoso.body.nextCursor, ofCsp1.body.nextCursor]) expect(cursor).toEqual(expect.any(String));
    // Read as it was handed out, the cursor goes on with its own list.
    expect((await get(`/v1/partners/CSP1/customers?limit=1&cursor=${ofCsp1.body.nextCursor}`, 'support')).status).toBe(200);
    const [sort, key, ...rest] = JSON.parse(Buffer.from(ofCsp1.body.nextCursor, 'base64url').toString('utf8'));
    const altered = Buffer.from(JSON.stringify([`${sort.slice(0, -1)}0`, key, ...rest])).toString('base64url');
    for (const [path, cursor] of [
      ['/v1/partners/CSP1/customers', ofContoso.body.nextCursor], // another route's
      ['/v1/partners/CSP1/registration-authorisations', ofCsp1.body.nextCursor], // another list of the same partner
      ['/v1/partners/CSP2/customers', ofCsp1.body.nextCursor], // another partner's
      [`/v1/customers/${FABRIKAM}/partners`, ofContoso.body.nextCursor], // another tenant's
      ['/v1/oem-revocation-requests?status=pending', ofCsp1.body.nextCursor],
      ['/v1/partners/CSP1/customers', altered],
    ] as const) {
      const separator = path.includes('?') ? '&' : '?';
      const refused = await get(`${path}${separator}cursor=${cursor}`, 'support');
      expect({ path, cursor, status: refused.status }).toEqual({ path, cursor, status: 400 });
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
  });

  describe('Validate device submission data', () => {
    it.each([
      ['CSP1', CONTOSO, 'PARTNER_CENTER_API', true, 'AUTHORISED'],
      ['CSP1', CONTOSO, 'PARTNER_CENTER_UI_CSV', true, 'AUTHORISED'],
      ['CSP1', CONTOSO, 'OEM_DIRECT_API', false, 'CHANNEL_NOT_ALLOWED'],
      ['RES', FABRIKAM, 'PARTNER_CENTER_UI_CSV', true, 'AUTHORISED'],
      ['RES', FABRIKAM, 'PARTNER_CENTER_API', false, 'CHANNEL_NOT_ALLOWED'],
      ['RES', FABRIKAM, 'OEM_DIRECT_API', false, 'CHANNEL_NOT_ALLOWED'],
      ['PROV', FABRIKAM, 'PARTNER_CENTER_API', true, 'AUTHORISED'],
      ['PROV', FABRIKAM, 'PARTNER_CENTER_UI_CSV', true, 'AUTHORISED'],
      ['PROV', FABRIKAM, 'OEM_DIRECT_API', false, 'CHANNEL_NOT_ALLOWED'],
      ['PROV', CONTOSO, 'PARTNER_CENTER_API', false, 'NO_CONSENT'],
      ['OEM1', CONTOSO, 'OEM_DIRECT_API', true, 'AUTHORISED'],
      ['OEM1', CONTOSO, 'PARTNER_CENTER_API', false, 'CHANNEL_NOT_ALLOWED'],
      ['OEM1', CONTOSO, 'PARTNER_CENTER_UI_CSV', false, 'CHANNEL_NOT_ALLOWED'],
      ['OEM2', CONTOSO, 'OEM_DIRECT_API', false, 'OEM_REVOCATION_COMPLETED'],
      ['CSP2', CONTOSO, 'PARTNER_CENTER_API', false, 'CONSENT_REQUEST_PENDING'],
      ['CSP2', FABRIKAM, 'PARTNER_CENTER_API', false, 'NO_CONSENT'],
    ])('%s for %s through %s: authorised %s (%s)', async (partner, tenant, channel, authorised, reasonCode) => {
      const answer = await validate(partner, { customerTenantId: tenant, channel });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ authorised, reasonCode, reason: expect.any(String), channels: expect.any(Array) });
    });

    it('flags a pending OEM revocation and refuses a partner that is not enrolled', async () => {
      expect((await validate('OEM1', { customerTenantId: CONTOSO, channel: 'OEM_DIRECT_API' })).body).toMatchObject({ authorised: true, revocationPending: true, basis: 'OEM_CONSENT' });
      const stranger = await mintLocalToken(dataDir, { sub: 'app-X', tid: 'ops', roles: ['partner'], partnerId: 'NOT-ENROLLED' });
      tokens['stranger'] = stranger;
      expect((await validate('stranger', { customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API' })).body).toMatchObject({ authorised: false, reasonCode: 'NOT_ENROLLED' });
    });

    it('judges JSON device rows one by one', async () => {
      const answer = await validate('CSP1', {
        customerTenantId: CONTOSO,
        channel: 'PARTNER_CENTER_API',
        devices: [{ hardwareHash: HASH }, { productKey: '1234567890123' }, { productKey: '123' }, { serialNumber: 'SN1' }],
      });
      expect(answer.body.devices).toMatchObject({ valid: 2, invalid: 2 });
      expect(answer.body.devices.rows.map((row: any) => row.ok)).toEqual([true, true, false, false]);
    });

    it('reads the Partner Center file as text/csv: good, mixed, bad header, never a 5xx', async () => {
      const query = `customerTenantId=${CONTOSO}&channel=PARTNER_CENTER_UI_CSV`;
      const good = await validateFile('CSP1', query, `${PARTNER_CENTER_HEADER}\nSN1,,,Contoso,Laptop 7\n,1234567890123,,,\n`);
      expect(good.body).toMatchObject({ authorised: true, devices: { valid: 2, invalid: 0 } });
      const mixed = await validateFile('CSP1', query, `${PARTNER_CENTER_HEADER}\nSN1,,,Contoso,Laptop 7\nSN1,,,Contoso,Laptop 7\n,12,,,\n`);
      expect(mixed.body.devices).toMatchObject({ valid: 1, invalid: 2 });
      expect(mixed.body.devices.rows[2]).toMatchObject({ row: 3, ok: false, line: 4, reason: expect.any(String) });
      const badHeader = await validateFile('CSP1', query, 'Serial;Model\nSN1;X\n');
      expect(badHeader.status).toBe(200);
      expect(badHeader.body.devices.file).toMatchObject({ code: 'BAD_HEADER' });
      const unreadable = await validateFile('CSP1', query, `${PARTNER_CENTER_HEADER}\n"SN1,,,Contoso,Laptop\n`);
      expect(unreadable.status).toBe(200);
      expect(unreadable.body.devices.file).toMatchObject({ code: 'UNREADABLE' });
      const missing = await validateFile('CSP1', 'channel=PARTNER_CENTER_UI_CSV', `${PARTNER_CENTER_HEADER}\n`);
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'customerTenantId' })]);
    });

    it('reads the rest of a file it refused before its end, so the client gets to the end and the connection serves its next request', async () => {
      // The raw HTTP/1.1 exchange: a refusal at the first line while the client still has 1 MiB of the file to send.
      const { hostname, port } = new URL(api.url);
      const socket = connect(Number(port), hostname);
      try {
        let text = '';
        const answers: { head: string; body: any }[] = [];
        const waiters: (() => void)[] = [];
        socket.on('data', (chunk) => {
          text += String(chunk);
          for (;;) {
            const headEnd = text.indexOf('\r\n\r\n');
            const length = headEnd < 0 ? undefined : /\r\ncontent-length: (\d+)/i.exec(text.slice(0, headEnd))?.[1];
            if (length === undefined || Buffer.byteLength(text.slice(headEnd + 4)) < Number(length)) return;
            const body = Buffer.from(text.slice(headEnd + 4)).subarray(0, Number(length)).toString();
            answers.push({ head: text.slice(0, headEnd).toLowerCase(), body: JSON.parse(body) });
            text = Buffer.from(text.slice(headEnd + 4)).subarray(Number(length)).toString();
            waiters.shift()?.();
          }
        });
        const nextAnswer = () => new Promise<{ head: string; body: any }>((resolve) => waiters.push(() => resolve(answers.shift()!)));
        const post = (declaredBytes: number, csv: string) =>
          socket.write(
            `POST /v1/device-submissions/validate?customerTenantId=${CONTOSO}&channel=PARTNER_CENTER_UI_CSV HTTP/1.1\r\n` +
              `Host: ${hostname}\r\nAuthorization: Bearer ${tokens['CSP1']}\r\nContent-Type: text/csv\r\n` +
              `Content-Length: ${declaredBytes}\r\n\r\n${csv}`,
          );
        const start = 'Serial;Model\nSN1;X\n';
        const rest = 'SN2;X\n'.repeat(1024 * 1024 / 6);
        const refused = nextAnswer();
        post(start.length + rest.length, start);
        const first = await refused;
        expect(first.head).toMatch(/^http\/1\.1 200 /);
        expect(first.body.devices.file).toMatchObject({ code: 'BAD_HEADER' });
        socket.write(rest);
        const whole = `${PARTNER_CENTER_HEADER}\nSN1,,,Contoso,Laptop 7\n`;
        const next = nextAnswer();
        post(Buffer.byteLength(whole), whole);
        expect((await next).body.devices).toMatchObject({ valid: 1, invalid: 0 });
      } finally {
        socket.destroy();
      }
    });

    it('refuses a bad JSON submission with the field at fault, and a non-partner', async () => {
      const bad = await validate('CSP1', { customerTenantId: CONTOSO, channel: 'FAX' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('channel');
      expect((await validate('support', { customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API' })).status).toBe(403);
      const extra = await validate('CSP1', { customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API', partnerId: 'CSP2' });
      expect(extra.status).toBe(400);
      expect(extra.body.errors[0].field).toBe('partnerId');
      // A malformed tenant id is bad input, not a customer that has not consented.
      for (const customerTenantId of ['a/b c', '', 'x'.repeat(65)]) {
        const malformed = await validate('CSP1', { customerTenantId, channel: 'PARTNER_CENTER_API' });
        expect(malformed.status).toBe(400);
        expect(malformed.body.errors[0].field).toBe('customerTenantId');
      }
      const file = await validateFile('CSP1', `customerTenantId=${encodeURIComponent('a/b c')}&channel=PARTNER_CENTER_UI_CSV`, `${PARTNER_CENTER_HEADER}\n`);
      expect(file.status).toBe(400);
      expect(file.body.errors[0].field).toBe('customerTenantId');
    });

    it('refuses an unknown or malformed query parameter as the global pipe would', async () => {
      const post = (query: string) =>
        fetch(`${api.url}/v1/device-submissions/validate?${query}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens['CSP1']}`, 'content-type': 'application/json' },
          body: JSON.stringify({ customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API' }),
        });
      const unknown = await post('colour=blue');
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as any).errors[0].field).toBe('colour');
      expect((await post('channel=FAX')).status).toBe(400);
      expect((await post(`minPosition=${at}`)).status).toBe(200);
    });

    it("refuses query parameters that name another customer or channel than the JSON body's, rather than outrank them", async () => {
      const post = (query: string) =>
        fetch(`${api.url}/v1/device-submissions/validate?${query}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens['CSP1']}`, 'content-type': 'application/json' },
          body: JSON.stringify({ customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API' }),
        });
      const otherChannel = await post('channel=PARTNER_CENTER_UI_CSV');
      expect(otherChannel.status).toBe(400);
      expect(((await otherChannel.json()) as any).errors.map((error: { field: string }) => error.field)).toEqual(['channel']);
      const otherTenant = await post(`customerTenantId=${FABRIKAM}&channel=PARTNER_CENTER_API`);
      expect(otherTenant.status).toBe(400);
      expect(((await otherTenant.json()) as any).errors.map((error: { field: string }) => error.field)).toEqual(['customerTenantId']);
      // The same values (a tenant in either case) are no contradiction.
      expect((await post(`customerTenantId=${CONTOSO.toUpperCase()}&channel=PARTNER_CENTER_API`)).status).toBe(200);
    });

    it('reads its writes as every query does: Ledger-Position on the answer, waits for the asked position, 503 when behind, 400 for a bad one', async () => {
      const post = (query: string, headers: Record<string, string> = {}) =>
        fetch(`${api.url}/v1/device-submissions/validate?${query}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens['CSP1']}`, 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API' }),
        });
      const plain = await post('');
      expect(plain.status).toBe(200);
      expect(BigInt(plain.headers.get('ledger-position')!)).toBeGreaterThanOrEqual(at);
      const asked = await post('', { 'Ledger-Position': String(at) });
      expect(asked.status).toBe(200);
      expect(((await asked.json()) as any).authorised).toBe(true);
      const behind = await post(`minPosition=${at + 1_000_000n}`);
      expect(behind.status).toBe(503);
      expect(behind.headers.get('retry-after')).toBe('1');
      expect(behind.headers.get('content-type')).toContain('application/problem+json');
      const malformed = await post('', { 'Ledger-Position': 'abc' });
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as any).errors[0].field).toBe('minPosition');
    });
  });

  it('reports projection lag in /health/ready', async () => {
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).info.projections).toMatchObject({ status: 'up', caughtUp: true, lagMs: expect.any(Number), position: expect.any(String) });
  });
});
