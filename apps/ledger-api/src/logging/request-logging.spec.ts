import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { LedgerLogger } from './ledger-logger.js';
import { requestIdOf } from './request-id.js';
import { frameworkErrorAnswer } from '../problem-details/framework-errors.js';
import { loggedFrameworkErrors, logRequests } from './request-logging.js';

/** A pino destination that keeps every line, parsed. */
const memoryDestination = (): { lines: Record<string, unknown>[]; stream: Writable } => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
};

describe('request logging (Fastify hooks, LedgerLogger)', () => {
  let server: FastifyInstance;
  let url: string;
  let lines: Record<string, unknown>[];
  const post = (requestId: string, body: unknown): Promise<Response> =>
    fetch(`${url}/consents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    const destination = memoryDestination();
    lines = destination.lines;
    const root = pino({ level: 'info' }, destination.stream);
    // What a Nest `new Logger('Consents')` line becomes once the app uses LedgerLogger.
    const nestLogger = new LedgerLogger(root);
    server = Fastify({ genReqId: requestIdOf });
    logRequests(server, root);
    server.post('/consents', async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5)); // the line comes after the body (many chunks) and an await
      nestLogger.log({ partnerId: 'p-1' }, 'consent recorded', 'Consents');
      return { received: request.body };
    });
    server.get('/health/live', async () => ({ status: 'ok' }));
    server.get('/v1/consent-links/:token', async () => ({ shown: true }));
    server.get('/sign-in/callback', async () => ({ signedIn: true }));
    server.get('/sign-in', async () => ({ signInPage: true }));
    url = await server.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  it('gives every line of a request its id: the Nest logger line and the access line, and echoes it', async () => {
    const answer = await post('partner-trace-7', { confirm: true, padding: 'x'.repeat(600_000) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe('partner-trace-7');
    const ofRequest = lines.filter((line) => line['reqId'] === 'partner-trace-7');
    expect(ofRequest).toEqual([
      expect.objectContaining({ level: 30, context: 'Consents', partnerId: 'p-1', msg: 'consent recorded' }),
      expect.objectContaining({ level: 30, req: { method: 'POST', url: '/consents' }, res: { statusCode: 200 }, msg: 'request completed' }),
    ]);
  });

  it('keeps concurrent requests apart', async () => {
    const ids = ['a-1', 'b-2', 'c-3', 'd-4'];
    await Promise.all(ids.map(async (id) => (await post(id, {})).arrayBuffer()));
    for (const id of ids) {
      expect(lines.filter((line) => line['reqId'] === id).map((line) => line['msg'])).toEqual(['consent recorded', 'request completed']);
    }
  });

  it('logs an error status as a warning or an error, and probes not at all', async () => {
    const before = lines.length;
    await (await fetch(`${url}/health/live`)).arrayBuffer();
    expect(lines).toHaveLength(before);
    const missing = await fetch(`${url}/nowhere`);
    await missing.arrayBuffer();
    expect(lines.at(-1)).toMatchObject({ level: 40, reqId: missing.headers.get('x-request-id'), res: { statusCode: 404 } });
  });

  it('never logs a secret a URL carries: a consent link token, a sign-in callback code', async () => {
    for (const path of ['/v1/consent-links/Y3NwOnJlcS0x.c2VjcmV0LW1hYw', '/sign-in/callback?code=one-time-code&state=s']) {
      const answer = await fetch(`${url}${path}`, { headers: { 'x-request-id': `secret-${path.length}` } });
      await answer.arrayBuffer();
    }
    const logged = JSON.stringify(lines.filter((line) => String(line['reqId']).startsWith('secret-')));
    expect(logged).toContain('"url":"/v1/consent-links/:token"');
    expect(logged).toContain('"url":"/sign-in/callback"');
    expect(logged).not.toMatch(/Y3NwOnJlcS0x|one-time-code/);
  });

  it("never logs a consent link's token carried in a query, as signing in from a consent link's page does", async () => {
    const paths = ['/sign-in?returnTo=%2Fv1%2Fconsent-links%2FY3NwOnJlcS0y.c2VjcmV0LW1hYw&lang=fr', '/sign-in/oidc?returnTo=/consent-links/Y3NwOnJlcS0y.c2VjcmV0LW1hYw'];
    for (const [index, path] of paths.entries()) {
      const answer = await fetch(`${url}${path}`, { headers: { 'x-request-id': `return-to-${index}` } });
      await answer.arrayBuffer();
    }
    const logged = lines.filter((line) => String(line['reqId']).startsWith('return-to-'));
    expect(logged.map((line) => (line['req'] as { url: string }).url)).toEqual([
      '/sign-in?returnTo=%2Fv1%2Fconsent-links%2F:token&lang=fr',
      '/sign-in/oidc?returnTo=/consent-links/:token',
    ]);
    expect(JSON.stringify(logged)).not.toContain('Y3NwOnJlcS0y');
  });

  it('never logs a consent link token a URL carries elsewhere: a path no route matched, a sign-in page return path', async () => {
    const token = 'Y3NwOnJlcS0y.b3RoZXItc2VjcmV0';
    const paths = [
      `/v1/consent-links/${token}/`,
      `/v1/consent-links/${token}/accept`,
      `/sign-in?returnTo=%2Fconsent-links%2F${token}`,
      `/sign-in?returnTo=%2fv1%2fconsent-links%2f${token}&ended=1`,
    ];
    for (const [index, path] of paths.entries()) {
      const answer = await fetch(`${url}${path}`, { headers: { 'x-request-id': `elsewhere-${index}` } });
      await answer.arrayBuffer();
    }
    const logged = lines.filter((line) => String(line['reqId']).startsWith('elsewhere-'));
    expect(logged).toHaveLength(paths.length);
    expect(JSON.stringify(logged)).not.toMatch(/Y3NwOnJlcS0y|b3RoZXItc2VjcmV0/);
    expect(logged.map((line) => (line['req'] as { url: string }).url)).toEqual([
      '/v1/consent-links/:token/',
      '/v1/consent-links/:token/accept',
      '/sign-in?returnTo=%2Fconsent-links%2F:token',
      '/sign-in?returnTo=%2fv1%2fconsent-links%2f:token&ended=1',
    ]);
  });

  it('logs a request the router refuses before any route (a broken URL 400, a path part too long 414) and echoes its id', async () => {
    const destination = memoryDestination();
    const root = pino({ level: 'info' }, destination.stream);
    // As the service wires it (create-ledger-api.ts): Fastify runs no hook for these.
    const app = Fastify({ genReqId: requestIdOf, routerOptions: { maxParamLength: 40 }, frameworkErrors: loggedFrameworkErrors(root, frameworkErrorAnswer) });
    logRequests(app, root);
    app.get('/v1/consent-links/:token', async () => ({ shown: true }));
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const broken = await fetch(`${base}/v1/partners/%E0%A4%A`, { headers: { 'x-request-id': 'refused-1' } });
      const tooLong = await fetch(`${base}/v1/consent-links/${'s3cret'.repeat(10)}`);
      expect([broken.status, tooLong.status]).toEqual([400, 414]);
      expect(broken.headers.get('x-request-id')).toBe('refused-1');
      const tooLongId = tooLong.headers.get('x-request-id');
      expect(tooLongId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await broken.json()).toMatchObject({ requestId: 'refused-1' });
      expect(await tooLong.json()).toMatchObject({ requestId: tooLongId });
      expect(destination.lines).toEqual([
        expect.objectContaining({ level: 40, reqId: 'refused-1', req: { method: 'GET', url: '/v1/partners/%E0%A4%A' }, res: { statusCode: 400 }, msg: 'request completed' }),
        expect.objectContaining({ level: 40, reqId: tooLongId, req: { method: 'GET', url: '/v1/consent-links/:token' }, res: { statusCode: 414 }, msg: 'request completed' }),
      ]);
      expect(destination.lines.every((line) => typeof line['responseTime'] === 'number')).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('writes a line outside any request without a request id', () => {
    const destination = memoryDestination();
    new LedgerLogger(pino({ level: 'info' }, destination.stream)).warn('store slow', 'EventStore');
    expect(destination.lines).toEqual([expect.not.objectContaining({ reqId: expect.anything() })]);
    expect(destination.lines[0]).toMatchObject({ level: 40, context: 'EventStore', msg: 'store slow' });
  });

  it("writes the access line exactly as pino's own call would (same keys, same order, same bytes apart from the clock)", async () => {
    const raw: string[] = [];
    const root = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (raw.push(chunk.toString('utf8')), done()) }));
    const app = Fastify({ genReqId: requestIdOf });
    logRequests(app, root);
    app.get('/x', async () => ({ ok: true }));
    app.get('/fails', async (_request, reply) => reply.code(503).send({ down: true }));
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const url = '/x?q=%22quoted%22&s=\\&u=%C3%A9';
      await (await fetch(`${base}${url}`, { headers: { 'x-request-id': 'same-line-1' } })).arrayBuffer();
      await (await fetch(`${base}/fails`, { headers: { 'x-request-id': 'same-line-2' } })).arrayBuffer();
      root.info({ reqId: 'same-line-1', req: { method: 'GET', url }, res: { statusCode: 200 }, responseTime: 0 }, 'request completed');
      root.error({ reqId: 'same-line-2', req: { method: 'GET', url: '/fails' }, res: { statusCode: 503 }, responseTime: 0 }, 'request completed');
      const clockless = (line: string): string => line.replace(/"time":\d+/, '"time":0').replace(/"responseTime":[\d.e+-]+/, '"responseTime":0');
      expect(raw).toHaveLength(4);
      expect(clockless(raw[0]!)).toBe(clockless(raw[2]!));
      expect(clockless(raw[1]!)).toBe(clockless(raw[3]!));
      expect(JSON.parse(raw[0]!)).toMatchObject({ level: 30, reqId: 'same-line-1', req: { method: 'GET', url }, res: { statusCode: 200 } });
      expect(typeof (JSON.parse(raw[0]!) as { responseTime: unknown }).responseTime).toBe('number');
    } finally {
      await app.close();
    }
  });

  it('leaves the access line to pino when the root logger changes fields (here a serializer of req)', async () => {
    const destination = memoryDestination();
    const root = pino({ level: 'info', serializers: { req: (req: { method: string }) => ({ verb: req.method }) } }, destination.stream);
    const app = Fastify({ genReqId: requestIdOf });
    logRequests(app, root);
    app.get('/x', async () => ({ ok: true }));
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      await (await fetch(`${base}/x`)).arrayBuffer();
      expect(destination.lines).toEqual([expect.objectContaining({ req: { verb: 'GET' }, msg: 'request completed' })]);
    } finally {
      await app.close();
    }
  });
});
