/** Files smaller than this verify in a blink: no progress bar. */
export const PROGRESS_THRESHOLD_BYTES = 16 * 1024 * 1024;
const WIDTH = 30;
const REDRAW_MS = 200;

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A progress bar on stderr: redrawn in place on a terminal, one line per tenth of the file otherwise (CI logs).
 */
export class ProgressBar {
  private lastDraw = 0;
  private lastTenth = -1;
  private readonly started = Date.now();

  constructor(
    private readonly totalBytes: number,
    private readonly out: ProgressOutput,
  ) {}

  update(bytesRead: number, events: number): void {
    const fraction = this.totalBytes === 0 ? 1 : Math.min(1, bytesRead / this.totalBytes);
    if (this.out.isTTY) {
      const now = Date.now();
      if (now - this.lastDraw < REDRAW_MS && fraction < 1) return;
      this.lastDraw = now;
      const filled = Math.round(fraction * WIDTH);
      this.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${this.stats(events)}`);
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.out.write(`verify: ${tenth * 10}% ${this.stats(events)}\n`);
  }

  done(): void {
    if (this.out.isTTY) this.out.write('\n');
  }

  private stats(events: number): string {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    return `${events.toLocaleString('en-US')} events, ${Math.round(events / seconds).toLocaleString('en-US')} events/s`;
  }
}
