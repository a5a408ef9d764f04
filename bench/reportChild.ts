// Child of bench/report.bench.ts: builds the full report over the store in argv[2] and prints
// its wall time, CPU time (every thread) and this process's peak RSS as JSON (a process of its own, so the import's memory
// does not count).
import { readForModel } from '../src/cli/data.ts';
import { buildReport, REPORT_INPUTS, reportHtml } from '../src/cli/report.ts';
import { openStore } from '../src/store/parquetStore.ts';

const home = process.argv[2] ?? '';
const ids = [...new Set(REPORT_INPUTS)];
const mode = process.argv[3] ?? 'report';
const t0 = performance.now();
const c0 = process.cpuUsage();
const store = await openStore({ home, mode: 'read' });
const data = await readForModel(store, ids, { laterVintages: [] });
await store.close();
let claims = 0;
if (mode === 'report') {
  const report = buildReport(data, { laterVintages: [] });
  reportHtml(report);
  claims = report.theses.length;
}
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssMb: process.resourceUsage().maxRSS / 1024, claims }));
