// Benchmark (issue #10): one year of daily FedWatch odds history for every meeting the contracts
// price in that year, from the stored contracts (the shared rates/ and macro/ files imported into
// a temp FLOWLENS_HOME, read back as `fed` reads them). Target: ≤ 1 s for a year (wall), so the
// odds history can be charted on demand. Timed, each REPEATS times after a warm-up (best wall and
// CPU time printed): `meetingOddsHistories` (FedWatch once per trade date, what flowlens uses) and,
// for scale, one `meetingOddsHistory` call per meeting (FedWatch once per date per meeting); both
// must give the same points. Control: a fixed CPU-bound loop timed in the same run — if it is slow
// too, the machine is loaded; the load average is printed and a load ≥ 3 is flagged.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readForModel } from '../src/app/pointInTime.ts';
import { fedInputIds } from '../src/app/fedInputs.ts';
import { FOMC_MEETINGS } from '../src/series/calendars/fomc.ts';
import { toDay } from '../src/series/dates.ts';
import type { IsoDate } from '../src/series/types.ts';
import { futuresFromStore } from '../src/series/zqContracts.ts';
import { rateContext } from '../src/models/fedOverview.ts';
import { meetingOddsHistories, meetingOddsHistory, tradeDates } from '../src/models/fedOdds.ts';
import { importDirectory } from '../src/sources/files.ts';
import { openStore } from '../src/store/parquetStore.ts';
import { syncFromFetched } from '../src/sync/runSync.ts';

const TARGET_S = 1;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
// The last year of the CME file (trading dates to 2023-09-15): the 2022–23 hikes and the pause.
const TO = (process.env.BENCH_TO ?? '2023-09-15') as IsoDate;
const FROM = new Date(toDay(TO) * 86_400_000 - 365 * 86_400_000).toISOString().slice(0, 10) as IsoDate;

const dir = resolve(process.env.FLOWLENS_DATA_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'data'));
if (!existsSync(join(dir, 'rates'))) {
  console.error(`bench:fedOdds: no rates/ folder in ${dir}; set FLOWLENS_DATA_DIR`);
  process.exit(1);
}
const load = loadavg()[0] ?? 0;
if (load >= 3) console.warn(`bench:fedOdds: load average ${load.toFixed(1)} ≥ 3 on ${availableParallelism()} cores — the figures below are not those of a quiet machine`);

/** Best wall and CPU seconds of `f` over REPEATS runs after one warm-up, and its last result. */
function time<T>(f: () => T): { wall: number; cpu: number; result: T } {
  let result = f();
  let wall = Infinity;
  let cpu = Infinity;
  for (let k = 0; k < REPEATS; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = f();
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { wall, cpu, result };
}

/** The control: a fixed CPU-bound job (≈ 0.1 s on a quiet core of this machine). */
function control(): number {
  let s = 0;
  for (let i = 1; i <= 20_000_000; i++) s += Math.sqrt(i) % 1.7;
  return s;
}

const home = mkdtempSync(join(tmpdir(), 'flowlens-bench-fedodds-'));
try {
  const w = await openStore({ home, mode: 'write' });
  for (const sub of ['rates', 'macro']) await syncFromFetched(w, (await importDirectory(join(dir, sub))).series);
  await w.close();
  const ids = [...new Set([...fedInputIds(toDay(FROM)), ...fedInputIds(toDay(TO))])];
  const r = await openStore({ home, mode: 'read' });
  const data = await readForModel(r, ids, { asOf: TO, laterVintages: [] });
  await r.close();
  const futures = futuresFromStore(data);
  const ctx = rateContext(data);
  const dates = tradeDates(futures).filter((d) => d >= FROM && d <= TO);
  // Every scheduled meeting after the first trade date that some contract of the year can price (≤ 2 years on).
  const meetings = FOMC_MEETINGS.filter((m) => m.scheduled && !m.cancelledOn && m.date > FROM && toDay(m.date) <= toDay(TO) + 730).map((m) => m.date);

  const once = time(() => meetingOddsHistories(futures, meetings, ctx, FROM, TO));
  const each = time(() => new Map(meetings.map((m) => [m, meetingOddsHistory(futures, m, ctx, FROM, TO)])));
  const ctl = time(control);
  for (const m of meetings) if (JSON.stringify(once.result.get(m)) !== JSON.stringify(each.result.get(m))) throw new Error(`the two paths disagree on the ${m} meeting`);
  const priced = meetings.filter((m) => (once.result.get(m)?.length ?? 0) > 0);
  const points = priced.reduce((n, m) => n + (once.result.get(m)?.length ?? 0), 0);

  const line = (what: string, t: { wall: number; cpu: number }) => `${what.padEnd(44)} wall ${t.wall.toFixed(3)} s   CPU ${t.cpu.toFixed(3)} s`;
  console.log(`odds history ${FROM} → ${TO}: ${dates.length} trade dates, ${priced.length} meetings priced, ${points} points (best of ${REPEATS}; load ${load.toFixed(1)}, ${availableParallelism()} cores)`);
  console.log(line('meetingOddsHistories (once per trade date)', once));
  console.log(line(`meetingOddsHistory × ${meetings.length} meetings (for scale)`, each));
  console.log(line('control (fixed CPU loop)', ctl));
  console.log(`target ≤ ${TARGET_S} s for a year: ${once.wall <= TARGET_S ? 'OK' : 'MISSED'} (${once.wall.toFixed(3)} s)`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
