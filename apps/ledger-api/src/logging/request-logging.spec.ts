import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { LedgerLogger } from './ledger-logger.js';
import { requestIdOf } from './request-id.js';
import { logRequests } from './request-logging.js';

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

  it('writes a line outside any request without a request id', () => {
    const destination = memoryDestination();
    new LedgerLogger(pino({ level: 'info' }, destination.stream)).warn('store slow', 'EventStore');
    expect(destination.lines).toEqual([expect.not.objectContaining({ reqId: expect.anything() })]);
    expect(destination.lines[0]).toMatchObject({ level: 40, context: 'EventStore', msg: 'store slow' });
  });
});
