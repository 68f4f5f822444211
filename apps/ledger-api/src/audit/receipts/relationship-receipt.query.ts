import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class RelationshipReceiptQuery {
  @ApiPropertyOptional({
    description: 'The acceptance (`ConsentAccepted` event id) to give the receipt of; default: the latest',
    example: '0b5e7c1e-3f0a-4a8e-9d59-2f1f6c6a0e11',
  })
  @IsOptional()
  @IsUUID('all', { message: 'eventId must be an event id (a UUID)' })
  eventId?: string;
}
