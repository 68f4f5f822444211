import { Global, Module } from '@nestjs/common';
import { ReadModels } from './read-models.service.js';
import { ReadYourWritesInterceptor } from './read-your-writes.interceptor.js';

/** This instance's read models and the read-your-writes wait; global so that any query feature injects them. */
@Global()
@Module({
  providers: [ReadModels, ReadYourWritesInterceptor],
  exports: [ReadModels, ReadYourWritesInterceptor],
})
export class ReadModelsModule {}
