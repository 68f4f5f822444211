import { readFileSync } from 'node:fs';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../identity/index.js';
import { PAGE_SECURITY_HEADERS } from './security-headers.js';

// Read once at start-up; `npm run build` copies the file beside the compiled code.
const STYLESHEET = readFileSync(new URL('../assets/pages.css', import.meta.url));

/** The pages' stylesheet, the only asset they load (no script at all). */
@ApiExcludeController()
@Public()
@Controller('assets')
export class PageAssetsController {
  @Get('pages.css')
  stylesheet(@Res() reply: FastifyReply): void {
    void reply
      .headers({ ...PAGE_SECURITY_HEADERS, 'cache-control': 'public, max-age=3600' })
      .type('text/css; charset=utf-8')
      .send(STYLESHEET);
  }
}
