import { Injectable, type PipeTransform } from '@nestjs/common';
import { canonicalTenantId } from '@ledger/consent-domain';

/** A `:tenantId` route parameter in the spelling the ledger keeps (`canonicalTenantId`): GUIDs compare without case. */
@Injectable()
export class TenantIdPipe implements PipeTransform<string, string> {
  transform(tenantId: string): string {
    return canonicalTenantId(tenantId);
  }
}
