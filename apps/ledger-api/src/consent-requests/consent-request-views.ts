import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ConsentRequestStatus, RecordedConsentRequest } from '@ledger/consent-domain';
import type { ConsentEmail } from './consent-request-email.js';

class ConsentEmailView implements ConsentEmail {
  @ApiProperty({ example: 'Contoso Partners asks for your consent to register Windows Autopilot devices / Contoso Partners demande votre consentement…' })
  subject!: string;

  @ApiProperty({ example: 'Hello,\n\nContoso Partners asks to become an authorised partner…\n\n---\n\nBonjour,\n\n…' })
  body!: string;
}

class ConsentEmailTranslations {
  @ApiProperty({ type: ConsentEmailView })
  en!: ConsentEmailView;

  @ApiProperty({ type: ConsentEmailView })
  fr!: ConsentEmailView;
}

/** `POST /v1/consent-requests` → 201. */
export class RequestConsentResponse {
  @ApiProperty({ example: '0b6c1c1e-3c1a-4b55-9b8e-1d2f3a4b5c6d' })
  requestId!: string;

  @ApiProperty({ example: 'https://ledger.example.com/v1/consent-links/Y3NwOjBiNmMx….kX9v…' })
  consentLink!: string;

  @ApiProperty({ example: '2026-04-01T09:00:00.000Z' })
  expiresAt!: string;

  @ApiProperty({ type: ConsentEmailView, description: 'The email to send the link in: English, then French.' })
  email!: ConsentEmailView;

  @ApiProperty({ type: ConsentEmailTranslations, description: 'The same email in each language on its own.' })
  emailTranslations!: ConsentEmailTranslations;

  @ApiPropertyOptional({ example: '7f3c2a9e-1b4d-4c55-8a61-0f2e9d3b6a10' })
  customerTenantId?: string;

  @ApiProperty({ example: false })
  delegatedAdminRequested!: boolean;

  @ApiProperty({ example: [], type: [String] })
  adminRoles!: string[];
}

/** `GET /v1/consent-requests/{requestId}`. */
export class ConsentRequestView {
  @ApiProperty({ example: '0b6c1c1e-3c1a-4b55-9b8e-1d2f3a4b5c6d' })
  requestId!: string;

  @ApiProperty({ example: 'contoso-csp' })
  partnerId!: string;

  @ApiProperty({ enum: ['pending', 'accepted', 'expired', 'cancelled'], example: 'pending' })
  status!: ConsentRequestStatus;

  @ApiPropertyOptional({ example: '7f3c2a9e-1b4d-4c55-8a61-0f2e9d3b6a10', description: 'The named tenant, or the tenant that accepted.' })
  customerTenantId?: string;

  @ApiProperty({ example: false })
  delegatedAdminRequested!: boolean;

  @ApiProperty({ example: [], type: [String] })
  adminRoles!: string[];

  @ApiProperty({ example: '2026-03-02T09:00:00.000Z' })
  requestedAt!: string;

  @ApiProperty({ example: '2026-04-01T09:00:00.000Z' })
  expiresAt!: string;

  @ApiPropertyOptional({ example: '2026-03-03T08:12:00.000Z' })
  acceptedAt?: string;

  @ApiPropertyOptional({ example: { sub: 'admin-1', signInName: 'admin@contoso.onmicrosoft.com', tenantId: '7f3c…' } })
  acceptedBy?: { sub: string; signInName?: string; tenantId: string };

  @ApiPropertyOptional({ example: '2026-03-03T08:12:00.000Z' })
  cancelledAt?: string;
}

/** A consent request as the read model shows it (its status at the time of the query). */
type ConsentRequestAsRead = Omit<RecordedConsentRequest, 'status'> & { readonly status: ConsentRequestStatus };

export const consentRequestViewOf = (request: ConsentRequestAsRead): ConsentRequestView => ({
  requestId: request.requestId,
  partnerId: request.partnerId,
  status: request.status,
  ...(request.customerTenantId === undefined ? {} : { customerTenantId: request.customerTenantId }),
  delegatedAdminRequested: request.delegatedAdminRequested,
  adminRoles: [...request.adminRoles],
  requestedAt: request.requestedAt,
  expiresAt: request.expiresAt,
  ...(request.acceptedAt === undefined ? {} : { acceptedAt: request.acceptedAt }),
  ...(request.acceptedBy === undefined
    ? {}
    : {
        acceptedBy: {
          sub: request.acceptedBy.sub,
          tenantId: request.acceptedBy.tenantId,
          ...(request.acceptedBy.signInName === undefined ? {} : { signInName: request.acceptedBy.signInName }),
        },
      }),
  ...(request.cancelledAt === undefined ? {} : { cancelledAt: request.cancelledAt }),
});
