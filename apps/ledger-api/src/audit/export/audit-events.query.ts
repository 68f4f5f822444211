import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class AuditEventsQuery {
  @ApiPropertyOptional({ description: 'Only events after this `$all` position', example: '4096' })
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,19})$/, { message: 'fromPosition must be a decimal $all position, e.g. 4096' })
  fromPosition?: string;

  @ApiPropertyOptional({ description: 'Only this stream, from revision 0', example: 'relationship-p1_6f1b2c3d' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  stream?: string;

  @ApiPropertyOptional({ description: 'Accepted for read-your-writes; the export reads the store itself' })
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,19})$/, { message: 'minPosition must be a decimal $all position, e.g. 4096' })
  minPosition?: string;
}
