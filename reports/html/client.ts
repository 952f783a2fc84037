/**
 * The page's one piece of behaviour, as script text: read the chart specs from the JSON data
 * element and embed each with vega-embed (SVG renderer, export actions only: the "open in
 * editor" action would leave the page for the network). Each chart element ends with
 * `data-rendered="true"` or `"error"` plus a message, and `<body data-charts="done">` when all
 * settled, so a person and the browser test can both see what happened.
 */
export const CHARTS_DATA_ID = 'cachebench-charts';

export const CLIENT_SCRIPT = `
(function () {
  'use strict';
  var dataElement = document.getElementById('${CHARTS_DATA_ID}');
  var charts = dataElement ? JSON.parse(dataElement.textContent) : [];
  var options = { mode: 'vega-lite', renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
  var pending = charts.map(function (chart) {
    var element = document.getElementById(chart.id);
    if (!element) { console.error('cachebench report: no element for chart ' + chart.id); return Promise.resolve(); }
    if (typeof vegaEmbed !== 'function') {
      element.setAttribute('data-rendered', 'error');
      element.textContent = 'Charts need JavaScript and the inlined vega-embed library, which did not load.';
      return Promise.resolve();
    }
    return vegaEmbed(element, chart.spec, options).then(function () {
      element.setAttribute('data-rendered', 'true');
    }, function (error) {
      element.setAttribute('data-rendered', 'error');
      element.textContent = 'This chart could not be drawn: ' + (error && error.message ? error.message : String(error));
      console.error('cachebench report: chart ' + chart.id + ' failed', error);
    });
  });
  Promise.all(pending).then(function () { document.body.setAttribute('data-charts', 'done'); });
})();
`;
