/**
 * The floor of bench:projections' validate row: the same two requests (the bare `GET /health/live` and a JSON
 * `POST /v1/device-submissions/validate` with a bearer token) on the least a service on this stack can do, to show
 * what ratio between them the stack itself allows. Not a ledger: Fastify alone, the bearer JWT verified with jose
 * (and cached, as the service does), the body parsed by Fastify, the two fields checked, and the answer taken from
 * a map (the service reads its read model). No Nest, no guards, no DTO, no request context, no access line, no
 * read-your-writes. Started by bench/projections.bench.ts in a process of its own; prints its URL.
 */
import Fastify from 'fastify';
import { loadOrCreateLocalSigningKey } from '../../apps/ledger-api/src/identity/local-signing-key.js';
import { cachedBearer } from './cached-bearer.js';

const dataDir = process.env['LEDGER_DATA_DIR'];
if (dataDir === undefined) throw new Error('LEDGER_DATA_DIR names the directory of the local signing key');
const { publicKey } = await loadOrCreateLocalSigningKey(dataDir);

const callerOf = cachedBearer(publicKey);

/** The answer per partner, customer and channel, as the service keeps its consent answer's JSON text. */
const answers = new Map<string, string>();
const answerOf = (partnerId: string, customerTenantId: string, channel: string): string => {
  const key = `${partnerId}|${customerTenantId}|${channel}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = JSON.stringify({ authorised: true, reason: 'the customer accepted your consent request', basis: 'DIRECT', channels: [channel] });
    answers.set(key, answer);
  }
  return answer;
};

const server = Fastify({ logger: false });
server.get('/health/live', async () => ({ status: 'ok' }));
server.post<{ Body: { customerTenantId?: unknown; channel?: unknown } }>('/v1/device-submissions/validate', async (request, reply) => {
  const caller = await callerOf(request.headers.authorization);
  const partnerId = caller?.['partner_id'];
  if (typeof partnerId !== 'string') return reply.code(403).send({ title: 'Forbidden' });
  const { customerTenantId, channel } = request.body ?? {};
  if (typeof customerTenantId !== 'string' || typeof channel !== 'string') return reply.code(400).send({ title: 'Bad Request' });
  return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(answerOf(partnerId, customerTenantId, channel));
});
const address = await server.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${address}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
