/**
 * When a filtered `$all` subscription owes the client a checkpoint: after every `interval` events the
 * server has looked at, matching or not, so a client whose filter matches rarely can still record progress.
 * One count runs across catch-up and live, as in EventStoreDB.
 */
export class CheckpointSchedule {
  private considered = 0;

  constructor(private readonly interval: number) {}

  /** Counts one considered event; true when a checkpoint at this event is due. */
  considerOne(): boolean {
    this.considered += 1;
    if (this.considered < this.interval) return false;
    this.considered = 0;
    return true;
  }
}
