// Preloaded into every node process of a benchmarked command (NODE_OPTIONS=--import=…): on exit,
// appends this process's CPU time (since it started) and peak RSS as one JSON line to the file
// named by FLOWLENS_BENCH_USAGE, so a launcher and the processes it starts are all counted.
import { appendFileSync } from 'node:fs';

const file = process.env.FLOWLENS_BENCH_USAGE;
if (file)
  process.on('exit', () => {
    const c = process.cpuUsage();
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, cpuSeconds: (c.user + c.system) / 1e6, rssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
  });
