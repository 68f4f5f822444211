import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../paging/page-query.dto.js';

export const OEM_REVOCATION_STATUSES = ['pending', 'completed', 'rejected'] as const;

export class OemRevocationQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OEM_REVOCATION_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(OEM_REVOCATION_STATUSES, { message: `status must be one of ${OEM_REVOCATION_STATUSES.join(', ')}` })
  status?: (typeof OEM_REVOCATION_STATUSES)[number];
}
