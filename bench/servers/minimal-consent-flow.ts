/**
 * The floor of bench:commands: the least any service can do for a CSP consent flow over HTTP on this stack, to
 * show how much of the gap to the raw appends is the stack itself (Fastify, jose, the gRPC client, the store)
 * rather than the ledger service. Not a ledger: one process, Fastify alone, its own embedded node on a thread (as
 * the service runs it), a bearer JWT verified with jose (and cached, as the service does), an HMAC-signed link, and
 * for each flow the three appends with expected revisions that any correct implementation needs. It reads
 * nothing it wrote itself: the partner is read once, and the request's and the relationship's revisions are kept
 * from its own appends (the expected revision still guards each append). No Nest, no validation, no hash chain, no metadata beyond the actor, no idempotency keys, no logging, no read
 * side, no audit index, no notary. Started by bench/commands.bench.ts in a process of its own; prints its URL.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import type { JWTPayload } from 'jose';
import { startEmbeddedNodeInWorker } from '@ledger/esdb-node';
import { EsdbEventStore, type ExpectedRevision, type JsonObject, type RecordedEvent } from '@ledger/event-store';
import { loadOrCreateLocalSigningKey } from '../../apps/ledger-api/src/identity/local-signing-key.js';
import { cachedBearer } from './cached-bearer.js';

const dataDir = process.env['LEDGER_DATA_DIR'];
if (dataDir === undefined) throw new Error('LEDGER_DATA_DIR names the directory of the local signing key');
const partnerId = process.env['FLOOR_PARTNER_ID'] ?? 'bench-csp';

const { publicKey } = await loadOrCreateLocalSigningKey(dataDir);
const node = await startEmbeddedNodeInWorker({ dataDir: `${dataDir}/floor-store`, host: '127.0.0.1', port: 0 }, () => process.exit(1));
const store = EsdbEventStore.connect(node.connectionString);
const linkKey = Buffer.from(randomUUID());

const callerOf = cachedBearer(publicKey);

const linkSignature = (requestId: string): string => createHmac('sha256', linkKey).update(requestId).digest('base64url');
const linkTokenOf = (requestId: string): string => `${requestId}.${linkSignature(requestId)}`;
const requestIdOf = (token: string): string | undefined => {
  const [requestId, signature] = token.split('.');
  if (requestId === undefined || signature === undefined) return undefined;
  const expected = Buffer.from(linkSignature(requestId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? requestId : undefined;
};
const revisionOf = (events: readonly RecordedEvent[]): ExpectedRevision => (events.length === 0 ? 'no_stream' : events[events.length - 1]!.revision);

// The revision of every stream this process appended to, from its own appends: nothing is read back.
const knownRevisions = new Map<string, bigint>();
const currentRevision = async (stream: string): Promise<ExpectedRevision> => {
  const known = knownRevisions.get(stream);
  if (known !== undefined) return known;
  return revisionOf(await store.readStream(stream));
};
const metadataOf = (caller: JWTPayload): JsonObject => ({ actor: { sub: caller.sub ?? '', tid: String(caller['tid'] ?? '') }, serverTime: new Date().toISOString() });

const server = Fastify({ logger: false });

server.post('/v1/consent-requests', async (request, reply) => {
  const caller = await callerOf(request.headers.authorization);
  if (caller === undefined || caller['partner_id'] !== partnerId) return reply.code(403).send({ title: 'Forbidden' });
  const requestId = randomUUID();
  const requestedAt = new Date().toISOString();
  const outcome = await store.append(
    `floor-consent-request-${requestId}`,
    [{ id: randomUUID(), type: 'FloorConsentRequested', data: { schemaVersion: 1, requestId, partnerId, requestedAt }, metadata: metadataOf(caller) }],
    { expectedRevision: 'no_stream' },
  );
  knownRevisions.set(`floor-consent-request-${requestId}`, outcome.nextExpectedRevision);
  reply.header('ledger-position', outcome.position.toString());
  return reply.code(201).send({ requestId, partnerId, consentLink: `http://localhost/v1/consent-links/${linkTokenOf(requestId)}`, requestedAt });
});

server.post<{ Params: { token: string } }>('/v1/consent-links/:token/accept', async (request, reply) => {
  const caller = await callerOf(request.headers.authorization);
  const tenant = caller?.['tid'];
  if (caller === undefined || typeof tenant !== 'string') return reply.code(401).send({ title: 'Unauthorized' });
  const requestId = requestIdOf(request.params.token);
  if (requestId === undefined) return reply.code(404).send({ title: 'Unknown link' });
  const requestStream = `floor-consent-request-${requestId}`;
  const requestRevision = await currentRevision(requestStream);
  if (requestRevision !== 0n) return reply.code(409).send({ title: 'Link used or unknown' });
  const acceptedAt = new Date().toISOString();
  const claimed = await store.append(
    requestStream,
    [{ id: randomUUID(), type: 'FloorConsentRequestAccepted', data: { schemaVersion: 1, requestId, customerTenantId: tenant, acceptedAt }, metadata: metadataOf(caller) }],
    { expectedRevision: requestRevision },
  );
  knownRevisions.set(requestStream, claimed.nextExpectedRevision);
  const relationshipStream = `floor-relationship-${partnerId}_${tenant}`;
  const outcome = await store.append(
    relationshipStream,
    [{ id: randomUUID(), type: 'FloorConsentAccepted', data: { schemaVersion: 1, partnerId, customerTenantId: tenant, requestId, acceptedAt }, metadata: metadataOf(caller) }],
    { expectedRevision: await currentRevision(relationshipStream) },
  );
  knownRevisions.set(relationshipStream, outcome.nextExpectedRevision);
  reply.header('ledger-position', outcome.position.toString());
  return reply.code(200).send({ partnerId, customerTenantId: tenant, acceptedAt });
});

await store.append(
  `floor-partner-${partnerId}`,
  [{ id: randomUUID(), type: 'FloorPartnerEnrolled', data: { schemaVersion: 1, partnerId, kind: 'CSP_DIRECT' } }],
  { expectedRevision: 'no_stream' },
);
const address = await server.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${address}\n`);
process.once('SIGTERM', () => {
  void (async () => {
    await server.close();
    await store.dispose();
    await node.stop();
    process.exit(0);
  })();
});
