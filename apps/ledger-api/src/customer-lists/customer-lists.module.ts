import { Module } from '@nestjs/common';
import { CustomerListsController } from './customer-lists.controller.js';

/** `GET /v1/partners/{partnerId}/customers`: the customer list per partner (seed, step 5). */
@Module({ controllers: [CustomerListsController] })
export class CustomerListsModule {}
