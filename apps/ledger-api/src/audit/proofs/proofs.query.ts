import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Min } from 'class-validator';
import { ReadQueryDto } from '../../paging/page-query.dto.js';
import { DecimalInteger } from '../../validation/decimal-integer.js';

export class InclusionProofQuery extends ReadQueryDto {
  @ApiProperty({ description: 'The event whose inclusion to prove', example: '0b5e7c1e-3f0a-4a8e-9d59-2f1f6c6a0e11' })
  @IsUUID('all', { message: 'eventId must be an event id (a UUID)' })
  eventId!: string;

  @ApiProperty({ description: 'Size of the tree, from a signed checkpoint', example: 1000 })
  @DecimalInteger()
  @IsInt({ message: 'treeSize must be an integer' })
  @Min(1, { message: 'treeSize must be at least 1' })
  treeSize!: number;
}

export class ConsistencyProofQuery extends ReadQueryDto {
  @ApiProperty({ description: 'The older tree size (from a signed checkpoint)', example: 1000 })
  @DecimalInteger()
  @IsInt({ message: 'from must be an integer' })
  @Min(0, { message: 'from must be at least 0' })
  from!: number;

  @ApiProperty({ description: 'The newer tree size (from a signed checkpoint)', example: 2000 })
  @DecimalInteger()
  @IsInt({ message: 'to must be an integer' })
  @Min(0, { message: 'to must be at least 0' })
  to!: number;
}
