import type { Worker } from 'node:worker_threads';
import type { EventStoreLogger, SubscriptionStatus } from '@ledger/event-store';
import { startModuleWorker, stopWorker } from '@ledger/module-worker';
import type { ReadModelCommit } from '@ledger/projections';
import type { IndexCommit } from '../audit/ledger-index/ledger-index-batches.js';
import type { FollowersStart, FollowingProgress, FromFollowers, LedgerFollowersData, ToFollowers } from './ledger-followers-protocol.js';

/** The read models' last commit as this thread heard of it. */
export interface ReadModelsCheckpoint {
  readonly position: bigint | undefined;
  readonly events: number;
  readonly createdAt: Date | undefined;
}

/** The subscription's name in readiness and logs. */
export const LEDGER_FOLLOWERS = 'ledger-followers';
/** How long after the thread died it is started again (then twice as long each time it fails to start, up to 30 s). */
const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A thread that does not stop within this is cut off: shutdown must not hang. */
const STOP_GRACE_MS = 10_000;
const STOP: ToFollowers = { type: 'stop' };

/** Starts the thread (tests wrap it to reach the `Worker`). */
export type StartThread = (data: LedgerFollowersData) => Worker;
const startThread: StartThread = (data) => startModuleWorker(new URL('./ledger-followers.worker.js', import.meta.url), { workerData: data });

const NOT_STARTED: FollowingProgress = { subscription: undefined, caughtUp: false, uncommittedEvents: 0, commitFailure: undefined };

/**
 * The read models and the audit index, kept up with `$all` on a thread of their own (`ledger-followers.worker.ts`):
 * one subscription through its own client feeds both stores (`FanOutStore`), each committed with its own position
 * in its own SQLite file. The API's event loop then only serves requests: it reads both files through connections of
 * its own and hears of every commit (`onReadModelsCommitted`, `onIndexCommitted`), in order. The thread is started
 * again when it dies, and following resumes from what each store committed, as after a restart of the service.
 */
export class LedgerFollowers {
  private worker: Worker | undefined;
  private progressNow: FollowingProgress = NOT_STARTED;
  /** Why the thread is not running, while it is not. */
  private down: string | undefined;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private readonly readModelListeners: ((commit: ReadModelCommit) => void)[] = [];
  private readonly indexListeners: ((commit: IndexCommit) => void)[] = [];
  private readonly followedListeners: ((position: bigint) => void)[] = [];
  private followed: bigint | undefined;
  private readonly caughtUpWaiters = new Set<() => void>();
  private readModels: ReadModelsCheckpoint = { position: undefined, events: 0, createdAt: undefined };
  private index: IndexCommit | undefined;

  private constructor(
    private readonly data: LedgerFollowersData,
    private readonly logger: EventStoreLogger,
    private readonly startThread: StartThread,
  ) {}

  /** Starts the thread; resolves once it has opened (creating if needed) both databases and begins following. */
  static async start(data: LedgerFollowersData, logger: EventStoreLogger, options: { startThread?: StartThread } = {}): Promise<LedgerFollowers> {
    const followers = new LedgerFollowers(data, logger, options.startThread ?? startThread);
    const { worker, start } = await launch(followers.startThread(data), (message) => followers.receive(message));
    followers.started(start);
    followers.adopt(worker);
    return followers;
  }

  /** The read models' last commit (where the thread found them, before its first). */
  get readModelsCheckpoint(): ReadModelsCheckpoint {
    return this.readModels;
  }

  /** The audit index's last commit (where the thread found it, before its first). */
  get indexCheckpoint(): IndexCommit | undefined {
    return this.index;
  }

  /** `listener` hears of every commit of the read models, in order, from now on. */
  onReadModelsCommitted(listener: (commit: ReadModelCommit) => void): void {
    this.readModelListeners.push(listener);
  }

  /** `listener` hears of every commit of the audit index, in order, from now on. */
  onIndexCommitted(listener: (commit: IndexCommit) => void): void {
    this.indexListeners.push(listener);
  }

  /**
   * The position of the last event followed and committed, of any type: the read models reflect every event up to
   * it (those they do not fold, such as idempotency records and notary checkpoints, included). Undefined until the
   * thread's first commit after start; it only grows.
   */
  get followedThrough(): bigint | undefined {
    return this.followed;
  }

  /** `listener` hears `followedThrough` each time it grows, after the commit messages that brought it. */
  onFollowedThrough(listener: (position: bigint) => void): void {
    this.followedListeners.push(listener);
  }

  /** How following goes, as the thread last said. */
  get progress(): FollowingProgress {
    return this.progressNow;
  }

  /** Why following is not healthy: the thread is down, a commit failed, or the subscription is failing. */
  get failure(): string | undefined {
    return this.down ?? this.progressNow.commitFailure ?? this.progressNow.subscription?.failure?.message;
  }

  /** The subscription as readiness shows it: `reconnecting` while the thread is down. */
  subscriptionStatus(): SubscriptionStatus {
    const reported = this.progressNow.subscription;
    if (this.down !== undefined) {
      return {
        name: LEDGER_FOLLOWERS,
        state: 'reconnecting',
        lastDeliveredPosition: reported?.lastDeliveredPosition,
        failure: { message: this.down, position: reported?.lastDeliveredPosition, attempts: this.restarts },
      };
    }
    return reported ?? { name: LEDGER_FOLLOWERS, state: 'catching-up', lastDeliveredPosition: undefined };
  }

  /** Resolves true once every event in the store when following began is committed; false after `timeoutMs`. */
  whenCaughtUp(timeoutMs: number): Promise<boolean> {
    if (this.progressNow.caughtUp) return Promise.resolve(true);
    return new Promise((resolve) => {
      const caughtUp = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.caughtUpWaiters.delete(caughtUp);
        resolve(false);
      }, timeoutMs);
      this.caughtUpWaiters.add(caughtUp);
    });
  }

  /** Nest: stops following before the store's connection closes (`onApplicationShutdown`). */
  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Stops following: the thread commits what it folded, closes both databases and its client, and ends. */
  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      clearTimeout(this.restartTimer);
      const worker = this.worker;
      this.worker = undefined;
      if (worker !== undefined) await stopWorker(worker, STOP, STOP_GRACE_MS);
      for (const waiter of this.caughtUpWaiters) waiter();
      this.caughtUpWaiters.clear();
    })());
  }

  private started(start: FollowersStart): void {
    if (this.readModels.position === undefined) this.readModels = { ...start.readModels, createdAt: undefined };
    if (this.index === undefined && start.index.position !== undefined) {
      this.index = { leafCount: start.index.leafCount, position: start.index.position, addedLeaves: new Uint8Array(0) };
    }
  }

  private adopt(worker: Worker): void {
    this.worker = worker;
    this.down = undefined;
    // An error the thread did not catch ends it (then 'exit', which starts it again): it is logged with its stack.
    worker.on('error', (error) => this.logger.error({ subscription: LEDGER_FOLLOWERS, err: error }, `The thread of the read models and the audit index failed: ${error.message}`));
    worker.once('exit', (code) => {
      if (this.stopping !== undefined || this.worker !== worker) return;
      this.worker = undefined;
      this.progressNow = { ...this.progressNow, uncommittedEvents: 0 };
      this.restartLater(`the thread of the read models and the audit index stopped (exit code ${code}); starting it again`);
    });
  }

  private restartLater(why: string): void {
    this.down = why;
    this.restarts += 1;
    const delay = Math.min(MAX_RESTART_DELAY_MS, RESTART_DELAY_MS * 2 ** (this.restarts - 1));
    this.logger.error({ subscription: LEDGER_FOLLOWERS, attempt: this.restarts, restartInMs: delay }, why);
    this.restartTimer = setTimeout(() => {
      launch(this.startThread(this.data), (message) => this.receive(message)).then(
        ({ worker }) => {
          if (this.stopping !== undefined) return void stopWorker(worker, STOP, STOP_GRACE_MS);
          this.adopt(worker);
          this.logger.info({ subscription: LEDGER_FOLLOWERS, attempt: this.restarts }, 'The thread of the read models and the audit index runs again');
          this.restarts = 0;
        },
        (error: unknown) => {
          if (this.stopping === undefined) this.restartLater(`the thread of the read models and the audit index could not start: ${(error as Error).message}`);
        },
      );
    }, delay);
  }

  private receive(message: FromFollowers): void {
    switch (message.type) {
      case 'read-models-committed': {
        const { position, events, createdAt } = message.commit;
        this.readModels = { position, events, createdAt };
        for (const listener of this.readModelListeners) listener(message.commit);
        return;
      }
      case 'index-committed':
        this.index = message.commit;
        for (const listener of this.indexListeners) listener(message.commit);
        return;
      case 'followed-through':
        if (this.followed !== undefined && message.position <= this.followed) return;
        this.followed = message.position;
        for (const listener of this.followedListeners) listener(message.position);
        return;
      case 'progress':
        this.progressNow = message.progress;
        if (message.progress.caughtUp) {
          for (const waiter of this.caughtUpWaiters) waiter();
          this.caughtUpWaiters.clear();
        }
        return;
      case 'log':
        this.logger[message.level]({ subscription: LEDGER_FOLLOWERS, ...message.context }, message.message);
        return;
      case 'ready':
      case 'failed':
        return;
    }
  }
}

/** Resolves once the thread is ready, with every later message going to `receive`. */
const launch = (worker: Worker, receive: (message: FromFollowers) => void): Promise<{ worker: Worker; start: FollowersStart }> =>
  new Promise((resolve, reject) => {
    let ready = false;
    worker.on('message', (message: FromFollowers) => {
      if (ready) return receive(message);
      if (message.type === 'ready') {
        ready = true;
        resolve({ worker, start: message.start });
      } else if (message.type === 'failed') {
        void worker.terminate();
        reject(new Error(message.message));
      }
    });
    worker.once('error', (error) => {
      if (!ready) reject(error);
    });
    worker.once('exit', (code) => {
      if (!ready) reject(new Error(`the thread exited (code ${code}) before it was ready`));
    });
  });
