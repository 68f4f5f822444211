import { randomUUID } from 'node:crypto';
import { expectProblem, LedgerUnderTest, linkPath, type Answer } from './support/ledger-under-test.js';

describe('bad input: 4xx problem+json, nothing recorded', () => {
  let ledger: LedgerUnderTest;
  let support: string;
  let partner: string;
  let recordedBefore: number;

  beforeAll(async () => {
    // A short link life, for the expiry case; a small body limit, for the huge bodies.
    ledger = await LedgerUnderTest.start({ CONSENT_LINK_TTL: '1s', BODY_LIMIT_BYTES: '4096' });
    support = await ledger.support();
    expect(
      (await ledger.call('POST', '/v1/partners', { token: support, body: { partnerId: 'contoso-csp', name: 'Contoso', kind: 'CSP_DIRECT' } }))
        .status,
    ).toBe(201);
    partner = await ledger.partner('contoso-csp');
    recordedBefore = (await ledger.allEvents()).length;
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  const enrol = (options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> }): Promise<Answer> =>
    ledger.call('POST', '/v1/partners', { token: support, ...options });
  const fields = (answer: Answer): string[] => (answer.body.errors as { field: string }[]).map((error) => error.field);

  it('wrong types and unknown fields: 400 naming each field', async () => {
    const wrong = await enrol({ body: { partnerId: 42, name: ['x'], kind: 'RESELLER', oemDirectApiEligible: 'yes', extra: 1 } });
    expectProblem(wrong, 400);
    expect(fields(wrong)).toEqual(expect.arrayContaining(['partnerId', 'name', 'kind', 'oemDirectApiEligible', 'extra']));
    expectProblem(await ledger.call('POST', '/v1/consent-requests', { token: partner, body: { delegatedAdminRequested: 'true' } }), 400);
    expectProblem(await ledger.call('POST', '/v1/consent-requests', { token: partner, body: { adminRoles: 'Global Reader' } }), 400);
    expectProblem(await ledger.call('POST', '/v1/consent-requests', { token: partner, body: { customerTenantId: 'a/b' } }), 400);
  });

  it('accept without confirm: true is 400', async () => {
    const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {} });
    recordedBefore += 1;
    const admin = await ledger.globalAdmin(randomUUID());
    for (const body of [{}, { confirm: false }, { confirm: 'true' }, { confirm: true, tenant: 'x' }]) {
      expectProblem(await ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: admin, body }), 400);
    }
  });

  it('huge bodies 413, malformed JSON 400, another media type 415', async () => {
    expectProblem(await enrol({ body: { partnerId: 'p', name: 'x'.repeat(10_000), kind: 'OEM' } }), 413);
    expectProblem(await enrol({ rawBody: '{"partnerId": "p",' }), 400);
    expectProblem(await enrol({ rawBody: 'partnerId=p', headers: { 'content-type': 'text/plain' } }), 415);
    // A compressed body is refused for what it is, not read as its compressed bytes ("malformed JSON").
    const gzipped = await enrol({ rawBody: '{"partnerId":"p-gz","name":"n","kind":"OEM"}', headers: { 'content-encoding': 'gzip' } });
    expectProblem(gzipped, 415);
    expect(gzipped.body).toMatchObject({ type: expect.stringMatching(/unsupported-content-encoding$/), detail: expect.stringMatching(/^Content-Encoding gzip is not accepted/) });
    // Nesting: validation walks a body recursively; a few kilobytes of brackets must be a 400, not a stack overflow.
    const nested = (depth: number) => `{"partnerId":"p-deep","name":"n","kind":"OEM","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const tooDeep = await enrol({ rawBody: nested(1_500) });
    expectProblem(tooDeep, 400);
    expect(tooDeep.body.type).toMatch(/json-too-deep$/);
    expectProblem(await enrol({ rawBody: nested(31) }), 400); // deep enough to pass the parser: the unknown field is refused
    expect(fields(await enrol({ rawBody: nested(31) }))).toEqual(['x']);
  });

  it('URLs the router refuses (broken percent-encoding, a link token far too long): 400 / 414 problem+json', async () => {
    const broken = await ledger.call('GET', '/v1/partners/%E0%A4%A', { token: support });
    expectProblem(broken, 400);
    expect(broken.body).toMatchObject({ type: expect.stringMatching(/malformed-url$/), requestId: expect.any(String) });
    const tooLong = await ledger.call('GET', `/v1/consent-links/${'x'.repeat(300)}`, { token: await ledger.globalAdmin(randomUUID()) });
    expectProblem(tooLong, 414);
    expect(tooLong.body.detail).toMatch(/copied whole/);
    // Answered before any route, yet like every other answer: the request id in a header too.
    for (const refused of [broken, tooLong]) expect(refused.headers.get('x-request-id')).toBe(refused.body.requestId);
  });

  it('a text/csv body is the device file route’s only: elsewhere 415, and the service goes on', async () => {
    const csv = { rawBody: 'a,b\n1,2\n', headers: { 'content-type': 'text/csv' } };
    expectProblem(await enrol(csv), 415);
    const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {} });
    recordedBefore += 1;
    const anyone = await ledger.token({ sub: 'someone', tid: randomUUID() });
    expectProblem(await ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: anyone, ...csv }), 415);
    expectProblem(await ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: anyone, ...csv, idempotencyKey: randomUUID() }), 415);
    expect((await ledger.call('GET', '/health/live', {})).status).toBe(200);
  });

  it('expired, forged, wrong-audience, wrong-issuer and not-yet-valid tokens: 401', async () => {
    const claims = { sub: 'support-1', tid: 'operator', roles: ['support' as const] };
    const body = { partnerId: 'p-new', name: 'New', kind: 'CSP_DIRECT' };
    const tokens = [
      await ledger.token(claims, '-1h'),
      await ledger.token(claims, '1h', { audience: 'someone-else' }),
      await ledger.token(claims, '1h', { issuer: 'https://evil.example' }),
      await ledger.token(claims, '2h', { notBefore: new Date(Date.now() + 3_600_000) }),
      `${support.slice(0, -4)}AAAA`,
      'not-a-jwt',
    ];
    for (const token of tokens) expectProblem(await enrol({ body, token }), 401);
    expectProblem(await ledger.call('POST', '/v1/partners', { body }), 401);
  });

  it('blank or repeated admin roles: 400 naming adminRoles', async () => {
    for (const adminRoles of [[''], ['  '], ['Helpdesk Administrator', 'Helpdesk Administrator']]) {
      const refused = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: { delegatedAdminRequested: true, adminRoles } });
      expectProblem(refused, 400);
      expect(fields(refused)).toContain('adminRoles');
    }
  });

  it('control characters in a name shown to customers or in a role: 400 naming the field', async () => {
    for (const name of ['Contoso\r\nBcc: everyone@example.com', 'Con\u0000toso', 'Contoso\u0085']) {
      const refused = await enrol({ body: { partnerId: 'control-csp', name, kind: 'CSP_DIRECT' } });
      expectProblem(refused, 400);
      expect(fields(refused)).toEqual(['name']);
    }
    const role = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: { delegatedAdminRequested: true, adminRoles: ['Helpdesk\nAdministrator'] } });
    expectProblem(role, 400);
    expect(fields(role)).toEqual(['adminRoles']);
  });

  it('nothing of the above was recorded', async () => {
    expect((await ledger.allEvents()).length).toBe(recordedBefore);
  });

  it('null for an optional field means "not given", as it validates: no misleading refusal, no null in the ledger', async () => {
    const direct = await enrol({ body: { partnerId: 'null-direct', name: 'Null Direct', kind: 'CSP_DIRECT', oemDirectApiEligible: null, indirectProviderId: null } });
    expect(direct.status).toBe(201);
    expect(direct.body).not.toHaveProperty('indirectProviderId');
    expect(direct.body).toMatchObject({ kind: 'CSP_DIRECT', oemDirectApiEligible: false });

    const requested = await ledger.call('POST', '/v1/consent-requests', {
      token: partner,
      body: { customerTenantId: null, delegatedAdminRequested: null, adminRoles: null },
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ delegatedAdminRequested: false, adminRoles: [] });
    expect(requested.body).not.toHaveProperty('customerTenantId');
    const [recorded] = (await ledger.eventsOfType('ConsentRequested')).filter((event) => (event.data as { requestId?: string }).requestId === requested.body.requestId);
    expect(recorded?.data).not.toHaveProperty('customerTenantId');
    const status = await ledger.call('GET', `/v1/consent-requests/${String(requested.body.requestId)}`, {
      token: partner,
      headers: { 'ledger-position': String(requested.headers.get('ledger-position')) },
    });
    expect(status.body).not.toHaveProperty('customerTenantId');
  });

  it('a write that takes no body refuses one, naming its fields (400), instead of dropping it unseen', async () => {
    const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {} });
    const cancel = `/v1/consent-requests/${String(requested.body.requestId)}/cancel`;
    const refused = await ledger.call('POST', cancel, { token: partner, body: { reason: 'the customer asked us to' } });
    expectProblem(refused, 400);
    expect(fields(refused)).toEqual(['reason']);
    const status = await ledger.call('GET', `/v1/consent-requests/${String(requested.body.requestId)}`, {
      token: partner,
      headers: { 'ledger-position': String(requested.headers.get('ledger-position')) },
    });
    expect(status.body).toMatchObject({ status: 'pending' });
    const withNote = await ledger.call('POST', '/v1/partners/contoso-csp/oem-consent-link', { token: support, body: { note: 'replace it' } });
    expectProblem(withNote, 400);
    expect(fields(withNote)).toEqual(['note']);
    expect((await ledger.call('POST', cancel, { token: partner, body: {} })).status).toBe(200);
  });

  it('an expired link: 409, and its request reads as expired', async () => {
    const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {} });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const admin = await ledger.globalAdmin(randomUUID());
    expectProblem(await ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: admin, body: { confirm: true } }), 409, 'CONSENT_REQUEST_EXPIRED');
    const status = await ledger.call('GET', `/v1/consent-requests/${String(requested.body.requestId)}`, { token: partner });
    expect(status.body).toMatchObject({ status: 'expired' });
  });
});
