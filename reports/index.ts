/**
 * The reports entry point: results in, text out. `renderHtmlReport` makes the self-contained
 * HTML page, `renderMarkdown` the CI summary, `renderTable` the terminal table of one result.
 * All are pure functions of `RunResult` data; the CLI decides where the text goes.
 */
export { renderHtmlReport, type HtmlReportOptions } from './html/page.js';
export { renderMarkdown } from './markdown.js';
export { renderTable } from './table.js';
export { parseScalingReport, ScalingReportError, type ScalingReport, type ScalingPoint } from './data/scaling.js';
export { nsToHuman, opsPerSecToHuman, countToHuman, msToHuman, bytesToHuman } from './format.js';
export { scalingFromResults } from './data/scaling-from-results.js';
export { renderSearchTable, searchAnswerSentence } from './search-text.js';
