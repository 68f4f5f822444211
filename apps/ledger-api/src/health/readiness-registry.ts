import { Injectable } from '@nestjs/common';

export interface ReadinessReport {
  readonly ready: boolean;
  /** Shown in `/health/ready` under the indicator's name, e.g. `{ lag: 12, position: '4096' }`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Something that must hold before the service takes traffic (e.g. projections caught up). */
export interface ReadinessIndicator {
  /** Key in the readiness body; unique. */
  readonly name: string;
  check(): Promise<ReadinessReport> | ReadinessReport;
}

/**
 * Where feature modules plug their readiness conditions into `/health/ready`. Inject it (the health
 * module is global) and register in `onModuleInit`; keep the returned function to unregister.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly indicators = new Map<string, ReadinessIndicator>();

  register(indicator: ReadinessIndicator): () => void {
    if (this.indicators.has(indicator.name)) {
      throw new Error(`A readiness indicator named "${indicator.name}" is already registered; pick another name.`);
    }
    this.indicators.set(indicator.name, indicator);
    return () => this.indicators.delete(indicator.name);
  }

  registered(): ReadinessIndicator[] {
    return [...this.indicators.values()];
  }
}
