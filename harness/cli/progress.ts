/**
 * Progress on stderr while a cell runs: phase, elapsed/total and a bar, and in the measured phase
 * the last interval's ops/s, p99 and the errors so far. It only listens to the runner's phase
 * events and the recorders' interval events (once per interval, `RunHooks.onInterval`) and
 * redraws on a timer (which fires when the loops yield), so it never sits inside the measured loop.
 */
import type { LiveInterval, RunHooks } from '../cell/run-cell.js';
import { countToHuman, nsToHuman } from '../../reports/format.js';
import { epochNowMs } from '../../shared/clock.js';

const REDRAW_MS = 250;
const BAR_WIDTH = 30;

export class Progress {
  private timer: NodeJS.Timeout | null = null;
  private phase = '';
  private from = 0;
  private until: number | undefined;
  private live: LiveInterval | null = null;
  private errors = 0;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  readonly onInterval: NonNullable<RunHooks['onInterval']> = (f) => {
    this.live = f;
    this.errors += f.errors;
  };

  /** The live figures as text: `12.3k ops/s  p99 1.2 ms  0 errors` (empty before the first interval). */
  liveText(): string {
    const f = this.live;
    if (f === null) return '';
    return `  ${countToHuman(f.ops / f.seconds)} ops/s  p99 ${nsToHuman(f.p99Ns)}  ${this.errors} error${this.errors === 1 ? '' : 's'}`;
  }

  readonly onPhase: NonNullable<RunHooks['onPhase']> = (phase, detail) => {
    this.phase = phase;
    this.from = detail.atEpochMs;
    this.until = detail.untilEpochMs;
    if (phase === 'done') {
      this.end();
      return;
    }
    this.timer ??= setInterval(() => this.draw(), REDRAW_MS);
    this.draw();
  };

  private draw(): void {
    const now = epochNowMs();
    let line = `${this.label}  ${this.phase}`;
    if (this.until !== undefined && this.until > this.from) {
      const share = Math.min(1, Math.max(0, (now - this.from) / (this.until - this.from)));
      const filled = Math.round(share * BAR_WIDTH);
      line += ` [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${((now - this.from) / 1000).toFixed(1)}/${((this.until - this.from) / 1000).toFixed(1)}s`;
    }
    if (this.phase === 'measure') line += this.liveText();
    this.stream.write(`\r\x1b[2K${line}`);
  }

  end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stream.write('\r\x1b[2K');
  }
}
