import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { unfinishedCspAcceptances } from '@ledger/projections';
import type { Actor } from '../identity/index.js';
import { Clock } from '../ledger-chain/clock.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { ReadModels } from '../read-models/read-models.service.js';
import { CspConsentRecorder } from './csp-consent-recorder.js';

/** How often the service looks for CSP acceptances cut short between their two appends. */
export const UNFINISHED_ACCEPTANCE_SWEEP_MS = 30_000;
/** How long after its link was claimed an acceptance may still be running (its own second append pending). */
export const UNFINISHED_ACCEPTANCE_GRACE_MS = 15_000;
/** At most this many are finished per sweep; the next sweep takes the rest. */
const SWEEP_LIMIT = 100;
/** The command type events recorded by the service itself carry. */
export const FINISH_INTERRUPTED_ACCEPTANCE = 'FinishInterruptedAcceptance';

/** The service acting on its own (not on a caller's request): what its events record as their actor. */
export const LEDGER_SERVICE_ACTOR: Actor = { sub: 'ledger-service', tid: 'ledger-service', roles: [], wids: [] };

/**
 * Finishes CSP acceptances cut short between their two appends (a crash, the store going away): the link was
 * claimed (`ConsentRequestAccepted`) but the consent is not on the relationship (`ConsentAccepted`). Every
 * `UNFINISHED_ACCEPTANCE_SWEEP_MS`, the read model of unfinished acceptances gives those claimed more than
 * `UNFINISHED_ACCEPTANCE_GRACE_MS` ago, and each gets its consent recorded as the acceptance would have (same
 * acceptor; recorded once, whichever of this sweep, another instance's or a retry gets there first).
 */
@Injectable()
export class UnfinishedAcceptances implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private static readonly logger = new Logger('UnfinishedAcceptances');
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(
    private readonly readModels: ReadModels,
    private readonly consents: CspConsentRecorder,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), UNFINISHED_ACCEPTANCE_SWEEP_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One sweep (one at a time); resolves with how many consents it recorded. Never rejects: failures are logged. */
  sweep(): Promise<number> {
    this.sweeping ??= this.finishAll().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async finishAll(): Promise<number> {
    if (!this.readModels.status().caughtUp) return 0;
    const claimedBefore = new Date(this.clock.now().getTime() - UNFINISHED_ACCEPTANCE_GRACE_MS);
    let recorded = 0;
    for (const acceptance of unfinishedCspAcceptances(this.readModels.reader, claimedBefore, SWEEP_LIMIT)) {
      const context: CommandContext = { actor: LEDGER_SERVICE_ACTOR, correlationId: `finish-${acceptance.requestId}`, commandId: randomUUID() };
      try {
        if (await this.consents.finish(acceptance.requestId, context, FINISH_INTERRUPTED_ACCEPTANCE)) {
          recorded += 1;
          UnfinishedAcceptances.logger.log(acceptance, 'Recorded the consent of an acceptance that was cut short');
        }
      } catch (error) {
        UnfinishedAcceptances.logger.warn({ ...acceptance, err: error }, 'Could not finish an acceptance that was cut short; the next sweep tries again');
      }
    }
    return recorded;
  }
}
