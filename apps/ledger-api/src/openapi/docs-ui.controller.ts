import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../identity/index.js';

// The three files of swagger-ui-dist the page needs, with their content types; nothing else is served.
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};
const assetsDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

// The page's own start-up script, served as a file so that the policy below needs no inline script.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
`;

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Consent ledger API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/assets/init.js"></script>
</body></html>`;

/**
 * Scripts and styles only from here (Swagger UI sets inline styles; its logos are data: URLs), requests only to
 * here, and no site may frame the page.
 */
export const DOCS_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * The Swagger UI page at `/docs`. @nestjs/swagger serves its UI on Fastify only through
 * `@fastify/static`, which this project does not depend on; the page and its three assets are
 * simple enough to serve here, from the installed swagger-ui-dist.
 */
@ApiExcludeController()
@Public()
@Controller('docs')
export class DocsUiController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.headers(DOCS_SECURITY_HEADERS);
    return PAGE;
  }

  @Get('assets/:file')
  async asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    if (file === 'init.js') {
      void reply.type('text/javascript; charset=utf-8').header('x-content-type-options', 'nosniff');
      return Buffer.from(INIT_SCRIPT);
    }
    const contentType = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!contentType) throw new NotFoundException(`No documentation asset named ${file}.`);
    void reply.type(contentType).header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff');
    return readFile(join(assetsDir, file));
  }
}
