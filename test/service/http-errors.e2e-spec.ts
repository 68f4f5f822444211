import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { ProbeModule } from './probe.module.js';

// An address where nothing listens: these checks are about HTTP, not the store.
const UNREACHABLE_STORE = 'esdb://127.0.0.1:1?tls=false';

describe('every error is application/problem+json', () => {
  let api: LedgerApi;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-http-'));
    api = await createLedgerApi({
      environment: {
        PORT: '0',
        HOST: '127.0.0.1',
        LEDGER_DATA_DIR: dataDir,
        EVENTSTORE_CONNECTION_STRING: UNREACHABLE_STORE,
        LOG_LEVEL: 'silent',
        BODY_LIMIT_BYTES: '2048',
        REQUEST_TIMEOUT_MS: '1000',
      },
      features: [ProbeModule],
    });
  });

  afterAll(async () => {
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = (body: string, contentType = 'application/json'): Promise<Response> =>
    fetch(`${api.url}/test-probe`, { method: 'POST', headers: { 'content-type': contentType }, body });

  const expectProblem = async (response: Response, status: number): Promise<Record<string, unknown>> => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    expect(JSON.stringify(problem)).not.toMatch(/\bat .+\.(js|ts):\d+/);
    return problem;
  };

  it('answers a valid body (the probe route works)', async () => {
    const response = await post(JSON.stringify({ name: 'ok', count: 2 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'ok', count: 2 });
  });

  it('unknown route: 404', async () => {
    const problem = await expectProblem(await fetch(`${api.url}/no/such/route`), 404);
    expect(problem.detail).toContain('GET /no/such/route');
  });

  it('malformed JSON: 400', async () => {
    await expectProblem(await post('{"name": "x",'), 400);
  });

  it('oversized body: 413', async () => {
    const problem = await expectProblem(await post(JSON.stringify({ name: 'x'.repeat(4096), count: 1 })), 413);
    expect(problem.detail).toContain('2048 bytes');
  });

  it('wrong content type: 415', async () => {
    await expectProblem(await post('name=x', 'text/plain'), 415);
  });

  it('validation: 400 with errors [{ field, message }], unknown fields refused', async () => {
    const problem = await expectProblem(await post(JSON.stringify({ name: 42, count: 99, extra: true })), 400);
    const fields = (problem.errors as { field: string; message: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'count', 'extra']));
  });

  it('every answer carries a request id, the caller’s own when it is a plain token', async () => {
    const response = await fetch(`${api.url}/health/live`, { headers: { 'x-request-id': 'partner-trace-42' } });
    expect(response.headers.get('x-request-id')).toBe('partner-trace-42');
    const generated = await fetch(`${api.url}/health/live`, { headers: { 'x-request-id': 'bad id\twith tab' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  /** What the server answers to bytes written as they are (requests Node's HTTP parser refuses before Fastify). */
  const rawExchange = (bytes: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const { hostname, port } = new URL(api.url);
      const socket = connect(Number(port), hostname, () => socket.write(bytes));
      let answer = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
      socket.on('close', () => resolve(answer)).on('error', reject);
    });

  it("requests the HTTP parser refuses (headers too large, malformed): 431 and 400 problems, not Fastify's own JSON", async () => {
    for (const [bytes, status] of [
      [`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      ['GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400],
      ['NOT HTTP AT ALL\r\n\r\n', 400],
    ] as const) {
      const answer = await rawExchange(bytes);
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      expect(head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`);
      expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
      expect(JSON.parse(body)).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    }
  });

  it('a request that does not arrive whole within REQUEST_TIMEOUT_MS: 408 problem, connection closed, nothing run', async () => {
    // The head, then 10 of the 100 bytes announced, then nothing: a client trickling (or stalling) its body.
    const answer = await rawExchange('POST /test-probe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":"a');
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(JSON.parse(body)).toMatchObject({ status: 408, type: 'urn:consent-ledger:problem:request-timeout' });
  });

  it('serves the OpenAPI document at /docs-json and the UI at /docs', async () => {
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as { openapi: string; paths: object };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const ui = await fetch(`${api.url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    // No site may frame it, and only its own files run: the page's scripts are all files of /docs/assets.
    expect(ui.headers.get('x-frame-options')).toBe('DENY');
    expect(ui.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    const scripts = [...(await ui.text()).matchAll(/<script([^>]*)>/g)].map((match) => match[1]);
    expect(scripts).toEqual([' src="/docs/assets/swagger-ui-bundle.js"', ' src="/docs/assets/swagger-ui-standalone-preset.js"', ' src="/docs/assets/init.js"']);
    const init = await fetch(`${api.url}/docs/assets/init.js`);
    expect([init.status, init.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(await init.text()).toContain("SwaggerUIBundle({ url: '/docs-json'");
  });
});
