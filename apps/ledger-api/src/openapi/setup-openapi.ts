import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { LedgerConfig } from '../config/ledger-config.js';

/** Serves the OpenAPI document generated from the controllers as JSON at `/docs-json` (the UI at `/docs` is `DocsUiController`). */
export const setupOpenApi = (app: INestApplication, config: LedgerConfig): void => {
  const document = new DocumentBuilder()
    .setTitle('Consent ledger')
    .setDescription(
      'System of record for which partners (CSPs and OEMs) a customer has authorised to register Windows Autopilot ' +
        'devices. Every error is RFC 9457 application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  // Built at the first request, once the server listens: with PORT=0 the default PUBLIC_BASE_URL names the port then.
  const withServer = () => ({ ...document, servers: [{ url: config.PUBLIC_BASE_URL ?? '/' }] });
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, withServer()), {
    jsonDocumentUrl: 'docs-json',
    ui: false,
    raw: ['json'],
  });
};
