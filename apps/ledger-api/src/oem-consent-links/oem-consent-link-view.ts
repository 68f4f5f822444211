import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** An OEM's unique consent link: `POST` (issue or replace) → 201 and `GET` → 200. */
export class OemConsentLinkView {
  @ApiProperty({ example: 'oem-devices' })
  partnerId!: string;

  @ApiProperty({ example: 'https://ledger.example.com/v1/consent-links/b2VtOm9lbS1kZXZpY2Vz….Qm9…' })
  consentLink!: string;

  @ApiProperty({ example: '2026-03-03T10:00:00.000Z' })
  issuedAt!: string;

  @ApiPropertyOptional({ example: true, description: 'On issue: whether it replaced an earlier link (which stops working).' })
  replacedEarlierLink?: boolean;
}
