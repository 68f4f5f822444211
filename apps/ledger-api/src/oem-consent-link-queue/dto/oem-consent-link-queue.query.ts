import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../paging/page-query.dto.js';

export const OEM_CONSENT_LINK_REQUEST_STATUSES = ['pending', 'issued'] as const;

export class OemConsentLinkQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OEM_CONSENT_LINK_REQUEST_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(OEM_CONSENT_LINK_REQUEST_STATUSES, { message: `status must be one of ${OEM_CONSENT_LINK_REQUEST_STATUSES.join(', ')}` })
  status?: (typeof OEM_CONSENT_LINK_REQUEST_STATUSES)[number];
}
