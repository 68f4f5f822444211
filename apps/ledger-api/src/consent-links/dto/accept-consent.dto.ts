import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsBoolean } from 'class-validator';

/** `POST /v1/consent-links/{token}/accept`: the administrator ticked Yes and pressed Accept. */
export class AcceptConsentDto {
  @ApiProperty({ example: true, enum: [true], description: 'Must be true: the explicit Yes of the consent page.' })
  @IsBoolean()
  @Equals(true, { message: 'confirm must be true: tick Yes to accept' })
  confirm!: true;
}
