import Fastify from 'fastify';

// The baseline of bench:service: the same route on Fastify alone, no Nest, no logging, no error mapping.
const server = Fastify({ logger: false });
server.get('/health/live', async () => ({ status: 'ok' }));
const address = await server.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${address}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
