/** The page's stylesheet: readable tables, status badges, chart figures; no web fonts. */
export const REPORT_CSS = `
:root { --ok: #1a7f37; --degraded: #9a6700; --failed: #cf222e; --muted: #57606a; --line: #d0d7de; --bg-soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0; padding: 24px 32px 64px; max-width: 1560px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 8px; }
p.meta, .muted { color: var(--muted); }
nav.toc { margin: 12px 0; font-size: 13px; }
nav.toc a { margin-right: 14px; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.mono, code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.badge.ok { background: var(--ok); } .badge.degraded { background: var(--degraded); } .badge.failed { background: var(--failed); }
.badge.emulated, .badge.saturated { background: #6e40c9; }
.badge.verdict-regressed { background: var(--failed); } .badge.verdict-improved { background: var(--ok); } .badge.verdict-no-change { background: var(--muted); } .badge.verdict-inconclusive, .badge.verdict-missing { background: var(--degraded); }
.badge.pass { background: var(--ok); } .badge.fail { background: var(--failed); }
ul.reasons { margin: 2px 0 0; padding-left: 18px; font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure.chart { margin: 8px 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
figure.chart figcaption { color: var(--muted); font-size: 12px; max-width: 720px; margin-top: 4px; }
.vega-chart[data-rendered="error"] { color: var(--failed); font-weight: 600; }
details { margin: 8px 0; }
details > summary { cursor: pointer; font-weight: 600; }
.notes li { color: var(--muted); }
.callout { border-left: 4px solid var(--degraded); background: #fff8c5; padding: 6px 12px; margin: 8px 0; }
ul.headlines { padding-left: 20px; font-size: 15px; }
ul.headlines > li { margin: 4px 0; }
p.clean.ok { color: var(--ok); font-weight: 600; }
.badge.disturbed { background: #9a6700; }
.badge.not-judged { background: #6e7781; }
.callout.failed { border-color: var(--failed); background: #ffebe9; }
`;
