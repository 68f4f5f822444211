import { Module } from '@nestjs/common';
import { CustomerPartnersController } from './customer-partners.controller.js';

/** `GET /v1/customers/{tenantId}/partners`: partners per customer, for the customer's administrator. */
@Module({ controllers: [CustomerPartnersController] })
export class CustomerPartnersModule {}
