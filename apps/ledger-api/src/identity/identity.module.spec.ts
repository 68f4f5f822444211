/**
 * The guards in a tiny Nest app on Fastify, started on a free loopback port: what the real app will do with
 * IdentityModule imported.
 */
import { Controller, Get, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CurrentActor, Public, Roles } from './access.decorators.js';
import type { Actor } from './actor.js';
import { IdentityModule } from './identity.module.js';
import { mintLocalToken, type LocalTokenClaims } from './local-token.js';

@Controller()
class ProbeController {
  @Public()
  @Get('health/live')
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('whoami')
  whoami(@CurrentActor() actor: Actor): Actor {
    return actor;
  }

  @Roles('partner', 'support')
  @Get('partners/:partnerId/customers')
  customers(): { items: [] } {
    return { items: [] };
  }

  @Roles('customer-admin', 'support')
  @Get('customers/:tenantId/partners')
  partners(): { items: [] } {
    return { items: [] };
  }

  @Roles('support')
  @Get('oem-revocation-requests')
  queue(): { items: [] } {
    return { items: [] };
  }
}

describe('IdentityModule guards', () => {
  let dataDir: string;
  let app: NestFastifyApplication;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'identity-guards-'));
    @Module({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true, load: [() => ({ LEDGER_DATA_DIR: dataDir })] }),
        IdentityModule,
      ],
      controllers: [ProbeController],
    })
    class ProbeModule {}
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = async (path: string, claims?: LocalTokenClaims, ttl = '5m') => {
    const headers: Record<string, string> = {};
    if (claims) headers.authorization = `Bearer ${await mintLocalToken(dataDir, claims, ttl)}`;
    const response = await fetch(`${baseUrl}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
  };

  const partnerP1: LocalTokenClaims = { sub: 'app-p1', tid: 'tenant-p1', roles: ['partner'], partnerId: 'P1' };
  const support: LocalTokenClaims = { sub: 'ops-1', tid: 'operator', roles: ['support'] };
  const auditor: LocalTokenClaims = { sub: 'audit-1', tid: 'operator', roles: ['auditor'] };
  const adminOfC1: LocalTokenClaims = { sub: 'user-1', tid: 'C1', upn: 'ga@c1.onmicrosoft.com' };

  it('lets anyone reach a @Public() route', async () => {
    expect((await call('/health/live')).status).toBe(200);
  });

  it('answers 401, saying why, without a token or with an expired one', async () => {
    const missing = await call('/whoami');
    expect(missing.status).toBe(401);
    expect(missing.body.message).toBe('no bearer token: send "Authorization: Bearer <JWT>"');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="consent-ledger"');
    const expired = await call('/whoami', partnerP1, '-1h');
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/^the token expired at/);
    expect(expired.headers.get('www-authenticate')).toBe('Bearer realm="consent-ledger", error="invalid_token"');
  });

  it('hands the verified caller to the handler', async () => {
    expect((await call('/whoami', adminOfC1)).body).toEqual({
      sub: 'user-1',
      tid: 'C1',
      roles: [],
      wids: [],
      signInName: 'ga@c1.onmicrosoft.com',
    });
  });

  it('lets a partner act as itself and refuses it as another partner', async () => {
    expect((await call('/partners/P1/customers', partnerP1)).status).toBe(200);
    const other = await call('/partners/P2/customers', partnerP1);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('a partner acts only as itself: your token is for partner P1, not P2');
  });

  it('lets support act for any partner and any tenant', async () => {
    expect((await call('/partners/P2/customers', support)).status).toBe(200);
    expect((await call('/customers/C9/partners', support)).status).toBe(200);
  });

  it('refuses a role the route does not admit, naming the roles it needs', async () => {
    const refused = await call('/partners/P1/customers', auditor);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('this operation needs the "partner" role or the "support" role; your token has roles auditor');
    expect((await call('/oem-revocation-requests', partnerP1)).status).toBe(403);
  });

  it('lets a customer admin act on its own tenant only', async () => {
    expect((await call('/customers/C1/partners', adminOfC1)).status).toBe(200);
    const other = await call('/customers/C2/partners', adminOfC1);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('only an administrator of tenant C2 may do this; your token is for tenant C1');
    expect((await call('/customers/tenant-p1/partners', partnerP1)).status).toBe(403);
  });
});
