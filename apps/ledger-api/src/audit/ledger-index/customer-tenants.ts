import type { RecordedEvent } from '@ledger/event-store';

/**
 * The customer tenants an event is about: the tenant a partner named or that consented (`customerTenantId`), and
 * the tenant whose administrator accepted (`acceptedBy.tenantId`, which is how an unbound CSP request comes to be
 * about a customer). Read from the data, not the stream name, so every event type that names a tenant counts.
 */
export const customerTenantsOf = (event: Pick<RecordedEvent, 'data'>): string[] => {
  const tenants = new Set<string>();
  const { customerTenantId, acceptedBy } = event.data as { customerTenantId?: unknown; acceptedBy?: unknown };
  if (typeof customerTenantId === 'string') tenants.add(customerTenantId);
  if (typeof acceptedBy === 'object' && acceptedBy !== null) {
    const { tenantId } = acceptedBy as { tenantId?: unknown };
    if (typeof tenantId === 'string') tenants.add(tenantId);
  }
  return [...tenants];
};
