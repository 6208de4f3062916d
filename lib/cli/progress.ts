import type { WriteStream } from 'node:tty';

const WIDTH = 30;
const INTERVAL_MS = 100;

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/**
 * A one-line progress bar redrawn in place on a terminal (at most every 100 ms):
 * bytes read of the total when it is known, lines, and lines per second.
 */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;
  private readonly started = Date.now();

  constructor(
    private readonly stream: WriteStream,
    private readonly totalBytes: number | undefined,
  ) {}

  update(bytesRead: number, lines: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < INTERVAL_MS) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = Math.round(lines / seconds).toLocaleString('en-US');
    let text = `${lines.toLocaleString('en-US')} lines, ${rate} lines/s, ${megabytes(bytesRead)}`;
    if (this.totalBytes) {
      const ratio = Math.min(bytesRead / this.totalBytes, 1);
      const filled = Math.round(ratio * WIDTH);
      text = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${text} of ${megabytes(this.totalBytes)}`;
    }
    this.stream.write(`\r${text.slice(0, Math.max((this.stream.columns || 80) - 1, 10))}\x1b[K`);
    this.drawn = true;
  }

  /** Erases the bar so that another line can be written in its place. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
