import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

export const CSV_MEDIA_TYPE = 'text/csv';

/**
 * Lets `text/csv` bodies through unread: the route receives the request stream itself and parses it as it
 * arrives (csv-parse), so a 64 MiB file never sits in memory and its byte limit is the validator's.
 */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(CSV_MEDIA_TYPE)) return;
    fastify.addContentTypeParser(CSV_MEDIA_TYPE, (_request, payload, done) => done(null, payload));
  }
}
