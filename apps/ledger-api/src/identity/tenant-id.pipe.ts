import { Injectable, type PipeTransform } from '@nestjs/common';
import { canonicalTenantId } from '@ledger/consent-domain';

/** What a tenant id looks like (an Entra tenant id is a GUID; a test tenant may be a name). */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;
/** class-validator's message for a `customerTenantId` field that does not match `TENANT_ID_PATTERN`. */
export const CUSTOMER_TENANT_ID_MESSAGE = 'customerTenantId must be a tenant id (letters, digits, "." or "-", at most 64)';

/** A `:tenantId` route parameter in the spelling the ledger keeps (`canonicalTenantId`): GUIDs compare without case. */
@Injectable()
export class TenantIdPipe implements PipeTransform<string, string> {
  transform(tenantId: string): string {
    return canonicalTenantId(tenantId);
  }
}
