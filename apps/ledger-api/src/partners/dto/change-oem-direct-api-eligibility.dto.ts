import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

/** `PUT /v1/partners/{partnerId}/oem-direct-api-eligibility`: support grants or withdraws an OEM's eligibility. */
export class ChangeOemDirectApiEligibilityDto {
  @ApiProperty({
    example: false,
    description:
      'Whether the OEM may register devices through the OEM Direct API. Withdrawn, its consent link stops working and ' +
      'its customers\' consents no longer authorise it (they are kept: granted again, they authorise it again).',
  })
  @IsBoolean()
  oemDirectApiEligible!: boolean;
}
