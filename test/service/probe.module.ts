import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';

/** A body with rules, to watch the global ValidationPipe and the problem filter at work. */
export class ProbeBody {
  @IsString()
  @MaxLength(20)
  name!: string;

  @IsInt()
  @Min(1)
  @Max(10)
  count!: number;
}

/** A write-shaped route mounted only by tests (the service itself has none yet). */
@Controller('test-probe')
class ProbeController {
  @Post()
  @HttpCode(200)
  echo(@Body() body: ProbeBody): ProbeBody {
    return body;
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
