import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// No Docker engine runs on these machines: `docker-compose config` (Debian's docker-compose package) parses,
// merges and validates the file without one. The cluster itself is not started here.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const composeConfig = (): string =>
  execFileSync('docker-compose', ['-f', join(root, 'docker-compose.yml'), 'config'], { encoding: 'utf8' });

describe('docker-compose.yml', () => {
  let rendered: string;

  beforeAll(() => {
    try {
      rendered = composeConfig();
    } catch (error) {
      throw new Error(
        `docker-compose could not validate docker-compose.yml (install it with "apt-get install docker-compose"): ${String(error)}`,
      );
    }
  });

  it('declares a three-node KurrentDB cluster from the official image', () => {
    const nodes = rendered.match(/^ {2}kurrentdb\d:$/gm) ?? [];
    expect(nodes).toHaveLength(3);
    expect(rendered.match(/image: docker\.kurrent\.io\/kurrent-lts\/kurrentdb:/g)).toHaveLength(3);
    expect(rendered.match(/KURRENTDB_CLUSTER_SIZE: '3'/g)).toHaveLength(3);
  });

  it('points the ledger service at all three nodes and builds it from the Dockerfile', () => {
    const connection = /EVENTSTORE_CONNECTION_STRING: (\S+)/.exec(rendered)?.[1] ?? '';
    expect(connection).toMatch(/^esdb:\/\//);
    for (const node of ['kurrentdb1:2113', 'kurrentdb2:2113', 'kurrentdb3:2113']) {
      expect(connection).toContain(node);
    }
    expect(rendered).toMatch(/ledger-api:\n {4}build:/);
  });

  it('publishes the service on the host\'s loopback only while it runs with the local issuer (its sign-in page lets anyone pick any role)', () => {
    const ledgerApi = /\n {2}ledger-api:\n((?: {4}.*\n|\n)+)/.exec(rendered)?.[1] ?? '';
    expect(ledgerApi).not.toMatch(/AUTH_JWKS_URL|AUTH_ISSUER|AUTH_AUDIENCE/);
    const published = /ports:\n((?: {4}- .*\n(?: {6}.*\n)*)+)/.exec(ledgerApi)?.[1] ?? '';
    // docker-compose renders a mapping in its short form (127.0.0.1:3000:3000/tcp) or its long one (host_ip: ...).
    const mappings = published.split(/\n(?= {4}- )/).filter((mapping) => mapping.trim() !== '');
    expect(mappings.length).toBeGreaterThan(0);
    for (const mapping of mappings) expect(mapping).toMatch(/(^ {4}- 127\.0\.0\.1:3000:|host_ip: 127\.0\.0\.1)/m);
  });
});

describe('Dockerfile', () => {
  it("makes the runtime image's service reachable through its published port, not only from inside the container", () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    // The service binds 127.0.0.1 unless HOST says otherwise: inside a container that is the container's own loopback.
    expect(runtime).toMatch(/^ENV HOST=0\.0\.0\.0$/m);
    expect(runtime).toMatch(/^EXPOSE 3000$/m);
  });
});
