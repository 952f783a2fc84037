/**
 * Calibration: what the harness itself costs per operation (timing, recording, dispatch),
 * measured with the null engine in the same process as each run, beside a bare loop. Engine
 * latencies near this figure are mostly harness.
 */
import type { RunResult } from '../../../shared/result-types.js';
import { nsToHuman } from '../../format.js';
import { table } from '../elements.js';
import { html, type Markup } from '../markup.js';

export function calibrationSection(results: readonly RunResult[], names: readonly string[]): Markup {
  const rows = results.map((r, i) => [
    names[i]!,
    nsToHuman(r.calibration.harnessOverheadNsPerOp),
    nsToHuman(r.calibration.bareLoopNsPerOp),
    r.calibration.method,
  ]);
  return html`<section id="calibration"><h2>Calibration</h2>
<p class="muted">Harness overhead per operation, measured with the null engine in the same process as the run. Latencies close to it are mostly the harness's own cost.</p>
${table([{ title: 'result' }, { title: 'harness overhead / op', numeric: true }, { title: 'bare loop / op', numeric: true }, { title: 'method' }], rows)}</section>`;
}
