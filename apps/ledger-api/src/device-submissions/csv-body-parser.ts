import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyInstance } from 'fastify';

export const CSV_MEDIA_TYPE = 'text/csv';

/** The one route that takes a `text/csv` body (`DeviceSubmissionsController.validate`). */
export const DEVICE_FILE_ROUTE = '/v1/device-submissions/validate';

/**
 * Lets `text/csv` bodies through unread, to the device file route only: it receives the request stream itself and
 * parses it as it arrives (csv-parse), so a 64 MiB file never sits in memory and its byte limit is the validator's.
 * Any other route answers 415, as for any type it does not take: a stream handed to a JSON route's validation
 * would be walked as if it were the body's fields.
 */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(CSV_MEDIA_TYPE)) return;
    fastify.addContentTypeParser(CSV_MEDIA_TYPE, (request, payload, done) => {
      if (request.routeOptions.url === DEVICE_FILE_ROUTE) done(null, payload);
      else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(CSV_MEDIA_TYPE), undefined);
    });
  }
}
