import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Module, Param, Post } from '@nestjs/common';
import { EventStore, type AppendOutcome } from '@ledger/event-store';
import { Public } from '../../apps/ledger-api/src/identity/index.js';
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

/** Write-shaped routes mounted only by tests (the service itself has none yet). */
// Public: these tests are about parsing, validation and errors, not tokens.
@Public()
@Controller('test-probe')
class ProbeController {
  constructor(private readonly eventStore: EventStore) {}

  /** Appends one event through the port, as every write route will. */
  @Post('streams/:stream')
  async record(@Param('stream') stream: string): Promise<{ position: string }> {
    const outcome: AppendOutcome = await this.eventStore.append(stream, [{ id: randomUUID(), type: 'ProbeRecorded', data: {} }], {
      expectedRevision: 'any',
    });
    return { position: outcome.position.toString() };
  }

  @Post()
  @HttpCode(200)
  echo(@Body() body: ProbeBody): ProbeBody {
    return body;
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
