import { Module } from '@nestjs/common';
import { CustomersController } from './customers.controller.js';
import { RemoveDapHandler } from './remove-dap.handler.js';

/** What a customer administrator does about its partners: remove DAP. */
@Module({ controllers: [CustomersController], providers: [RemoveDapHandler] })
export class CustomersModule {}
