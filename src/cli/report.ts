// The report's parts for the server, the benchmark and the tests: the scorecard (built in the
// application layer), its JSON and its HTML. The `report` command itself is in reportCommand.ts,
// which loads the HTML renderer (and with it Observable Plot and linkedom) only for --html.
export { buildReport, REPORT_INPUTS, type Report } from '../app/report.ts';
export { reportHtml, reportTitle } from './reportHtml.ts';
export { reportJson } from './reportJson.ts';
