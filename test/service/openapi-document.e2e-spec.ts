import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';

// The document is generated from the code: no store is needed to read it.
const UNREACHABLE_STORE = 'esdb://127.0.0.1:1?tls=false';

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
}
interface MediaType {
  readonly schema?: Record<string, unknown>;
  readonly example?: unknown;
  readonly examples?: unknown;
}
interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly security?: readonly unknown[];
  readonly requestBody?: { readonly content: Record<string, MediaType> };
  readonly responses: Record<string, { readonly content?: Record<string, MediaType> }>;
}
interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, unknown> };
}

/** api.md, "Routes": method, path (as the document spells its parameters), the success status. */
const CONTRACT_ROUTES = [
  ['post', '/v1/partners', '201'],
  ['get', '/v1/partners/{partnerId}', '200'],
  ['post', '/v1/consent-requests', '201'],
  ['post', '/v1/partners/{partnerId}/oem-consent-link-requests', '202'],
  ['get', '/v1/oem-consent-link-requests', '200'],
  ['post', '/v1/partners/{partnerId}/oem-consent-link', '201'],
  ['get', '/v1/partners/{partnerId}/oem-consent-link', '200'],
  ['get', '/v1/consent-requests/{requestId}', '200'],
  ['post', '/v1/consent-requests/{requestId}/cancel', '200'],
  ['get', '/v1/consent-links/{token}', '200'],
  ['post', '/v1/consent-links/{token}/accept', '200'],
  ['delete', '/v1/customers/{tenantId}/partners/{partnerId}/delegated-admin', '200'],
  ['post', '/v1/customers/{tenantId}/oem-revocation-requests', '202'],
  ['get', '/v1/oem-revocation-requests', '200'],
  ['post', '/v1/oem-revocation-requests/{revocationRequestId}/complete', '200'],
  ['post', '/v1/oem-revocation-requests/{revocationRequestId}/reject', '200'],
  ['get', '/v1/customers/{tenantId}/partners', '200'],
  ['get', '/v1/partners/{partnerId}/customers', '200'],
  ['get', '/v1/partners/{partnerId}/registration-authorisations', '200'],
  ['post', '/v1/device-submissions/validate', '200'],
  ['get', '/v1/audit/events', '200'],
  ['get', '/v1/audit/customers/{tenantId}/timeline', '200'],
  ['get', '/v1/audit/partners/{partnerId}/registration-authorisations', '200'],
  ['get', '/v1/audit/checkpoints/latest', '200'],
  ['get', '/v1/audit/proofs/inclusion', '200'],
  ['get', '/v1/audit/proofs/consistency', '200'],
  ['get', '/health/live', '200'],
  ['get', '/health/ready', '200'],
] as const;

/** The routes that record events: each takes Idempotency-Key, so each can answer its 400 (bad key), 409 (in flight), 422 (reused). */
const WRITES = CONTRACT_ROUTES.filter(([method, path]) => method !== 'get' && path !== '/v1/device-submissions/validate');

/** The reads api.md says wait for `Ledger-Position` / `?minPosition=`: those of read models and of the audit index. */
const READS_OF_A_MODEL = [
  '/v1/oem-consent-link-requests',
  '/v1/consent-requests/{requestId}',
  '/v1/oem-revocation-requests',
  '/v1/customers/{tenantId}/partners',
  '/v1/partners/{partnerId}/customers',
  '/v1/partners/{partnerId}/registration-authorisations',
  '/v1/audit/customers/{tenantId}/timeline',
  '/v1/audit/checkpoints/latest',
  '/v1/audit/proofs/inclusion',
  '/v1/audit/proofs/consistency',
];

describe('the OpenAPI document at /docs-json matches api.md', () => {
  let api: LedgerApi;
  let dataDir: string;
  let document: OpenApiDocument;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-openapi-'));
    api = await createLedgerApi({
      environment: { PORT: '0', HOST: '127.0.0.1', LEDGER_DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: UNREACHABLE_STORE, LOG_LEVEL: 'silent' },
    });
    document = (await (await fetch(`${api.url}/docs-json`)).json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const operation = (method: string, path: string): Operation => {
    const found = document.paths[path]?.[method];
    if (found === undefined) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
    return found;
  };
  const every = function* (): Generator<[string, string, Operation]> {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, described] of Object.entries(operations)) yield [method, path, described];
    }
  };

  it('lists every route of the contract with its success status', () => {
    const missing = CONTRACT_ROUTES.filter(([method, path, status]) => document.paths[path]?.[method]?.responses[status] === undefined);
    expect(missing).toEqual([]);
  });

  it('never makes Ledger-Position a required header: it is optional on every read', () => {
    const required = [...every()].flatMap(([method, path, described]) =>
      (described.parameters ?? [])
        .filter((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'ledger-position' && parameter.required === true)
        .map(() => `${method.toUpperCase()} ${path}`),
    );
    expect(required).toEqual([]);
  });

  it('documents read-your-writes (minPosition and the Ledger-Position header) on every read of a read model or the audit index', () => {
    const lacking = READS_OF_A_MODEL.filter((path) => {
      const names = (operation('get', path).parameters ?? []).map((parameter) => `${parameter.in}:${parameter.name.toLowerCase()}`);
      return !(names.includes('query:minposition') && names.includes('header:ledger-position'));
    });
    expect(lacking).toEqual([]);
  });

  it('documents 401 and 403 as problem+json on every route that needs a bearer token', () => {
    const lacking = [...every()].flatMap(([method, path, described]) =>
      described.security === undefined
        ? []
        : ['401', '403']
            .filter((status) => described.responses[status]?.content?.['application/problem+json'] === undefined)
            .map((status) => `${method.toUpperCase()} ${path} ${status}`),
    );
    expect(lacking).toEqual([]);
  });

  it("documents every write's Idempotency-Key answers: 400 (malformed key), 409 (first still running), 422 (key reused)", () => {
    const lacking = WRITES.flatMap(([method, path]) =>
      ['400', '409', '422'].filter((status) => operation(method, path).responses[status] === undefined).map((status) => `${method.toUpperCase()} ${path} ${status}`),
    );
    expect(lacking).toEqual([]);
  });

  it('gives every success answer an example', () => {
    const hasExample = (content: Record<string, MediaType> | undefined): boolean =>
      Object.values(content ?? {}).some((media) => {
        if (media.example !== undefined || media.examples !== undefined || media.schema?.example !== undefined) return true;
        const ref = JSON.stringify(media.schema ?? {}).match(/#\/components\/schemas\/(\w+)/)?.[1];
        return ref !== undefined && JSON.stringify(document.components.schemas[ref]).includes('"example"');
      });
    const lacking = [...every()].flatMap(([method, path, described]) =>
      Object.entries(described.responses)
        .filter(([status, response]) => status.startsWith('2') && !hasExample(response.content))
        .map(([status]) => `${method.toUpperCase()} ${path} ${status}`),
    );
    expect(lacking).toEqual([]);
  });

  it('describes the audit export as NDJSON, and validate as JSON or the Partner Center CSV file', () => {
    expect(Object.keys(operation('get', '/v1/audit/events').responses['200']?.content ?? {})).toContain('application/x-ndjson');
    const body = operation('post', '/v1/device-submissions/validate').requestBody?.content ?? {};
    expect(body['application/json']?.schema).toEqual({ $ref: '#/components/schemas/ValidateDeviceSubmissionDto' });
    expect(body['text/csv']?.schema).toMatchObject({ type: 'string' });
  });
});
