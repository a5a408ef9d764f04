import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { volControlModel } from '../models/volcontrol.ts';
import type { IsoDate } from '../series/types.ts';
import { skipWithoutRealData } from '../testing/realData.ts';
import { jsonOf, realStore, runCli } from './economy/testkit.ts';

// The CLI as a user runs it: scripts/build.mjs builds a fresh dist/ into a temp package (bin/,
// dist/, package.json, node_modules linked to this checkout's), so these tests never run a stale
// build. They check what the build must do: --version, one process (signals reach `serve`), the
// compiled scenario workers, the library entry, and that each command loads only what it uses.
const ROOT = join(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TRACE = join(ROOT, 'src', 'testing', 'moduleTrace.mjs');

let pkg: string;
let home: string;

/** Runs the packaged bin in a child process with its own FLOWLENS_HOME. */
function flowlens(args: readonly string[], env: Record<string, string> = {}, nodeArgs: readonly string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, join(pkg, 'bin', 'flowlens.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FLOWLENS_HOME: home, NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * What `flowlens ...args` loads: the source modules (paths under src/, from the build's metafile)
 * of every file of dist/ it imported, and the packages it imported from node_modules or whose
 * code is bundled in those files.
 */
function loadedBy(args: readonly string[], env: Record<string, string> = {}): { sources: string[]; packages: string[] } {
  const traceFile = join(pkg, `trace-${args.join('_').replace(/\W/g, '')}.txt`);
  const r = flowlens(args, { ...env, FLOWLENS_TRACE_MODULES: traceFile }, ['--import', pathToFileURL(TRACE).href]);
  assert.equal(r.code, 0, r.stderr);
  const meta = JSON.parse(readFileSync(join(pkg, 'dist', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const byFile = new Map(Object.entries(meta.outputs).map(([out, o]) => [resolve(ROOT, out), Object.keys(o.inputs)]));
  const urls = readFileSync(traceFile, 'utf8').trim().split('\n');
  const sources = new Set<string>();
  const packages = new Set<string>();
  for (const u of urls) {
    if (!u.startsWith('file:')) continue;
    const path = new URL(u).pathname;
    for (const p of [path, ...(byFile.get(path) ?? [])]) {
      // A package is loaded from node_modules, or bundled into a file of dist/ (DuckDB's API).
      const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p);
      if (m?.[1]) packages.add(m[1]);
      else if (p !== path) sources.add(p);
    }
  }
  return { sources: [...sources].sort(), packages: [...packages].sort() };
}

before(() => {
  pkg = mkdtempSync(join(tmpdir(), 'flowlens-pkg-'));
  home = mkdtempSync(join(tmpdir(), 'flowlens-pkg-home-'));
  const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--metafile', '--outdir', join(pkg, 'dist')], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
  mkdirSync(join(pkg, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'flowlens.js'), join(pkg, 'bin', 'flowlens.js'));
  copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
});
after(() => {
  rmSync(pkg, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('the built CLI (bin/flowlens.js over dist/)', () => {
  it('prints the package version with --version', () => {
    const r = flowlens(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${VERSION}\n`);
  });

  it('lists every command with --help and exits 0', () => {
    const r = flowlens(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['sync', 'series', 'liquidity', 'vol', 'fed', 'flows', 'report', 'economy', 'study', 'serve', 'budget', 'export']) assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'));
  });

  it('--help loads no command, no store, no chart library and no source adapter', () => {
    const { sources, packages } = loadedBy(['--help']);
    assert.deepEqual(packages, ['commander']);
    // osError.ts: the one-line messages for OS errors (it imports only errors.ts).
    assert.deepEqual(sources, ['package.json', 'src/cli/main.ts', 'src/core/errors.ts', 'src/core/osError.ts', 'src/core/version.ts']);
  });

  it('a command loads its own module and what it uses, and --help of it loads no DuckDB', () => {
    const help = loadedBy(['vol', '--help']);
    assert.ok(help.sources.includes('src/cli/vol.ts'));
    for (const s of help.sources) assert.doesNotMatch(s, /^src\/(store\/parquetStore|sources\/|views\/(svg|html))|^src\/cli\/(series|fed|flows|report|sync|serve|study|budget|export)\.ts$/);
    assert.deepEqual(
      help.packages.filter((p) => ['@duckdb/node-api', '@observablehq/plot', 'linkedom', 'fflate', 'cli-progress'].includes(p)),
      [],
    );
    const list = loadedBy(['series', 'list']);
    // series list reads the store's manifest only: DuckDB (its native library, ~0.3 s) is loaded on first use, not on import.
    assert.ok(!list.packages.includes('@duckdb/node-api'), 'series list loads no DuckDB');
    assert.ok(list.sources.includes('src/store/parquetStore.ts'));
    // Tables are drawn by views/drawTable.ts: cli-table3 (quadratic layout) is no longer loaded.
    for (const p of ['@observablehq/plot', 'linkedom', 'cli-progress', 'cli-table3']) assert.ok(!list.packages.includes(p), `series list loads ${p}`);
    for (const s of list.sources) assert.doesNotMatch(s, /^src\/(sources|models|sim|theses)\//);
  });

  it('report loads Observable Plot and linkedom only when --html asks for charts', () => {
    // A store with one series (SPY, 400 made-up weekdays): enough for the report to run to the end.
    const data = mkdtempSync(join(tmpdir(), 'flowlens-pkg-data-'));
    const reportHome = mkdtempSync(join(tmpdir(), 'flowlens-pkg-report-'));
    try {
      mkdirSync(join(data, 'market'));
      const lines = ['Date,Open,High,Low,Close,Volume'];
      for (let i = 0, day = Date.UTC(2024, 0, 1); lines.length <= 400; day += 86_400_000) {
        const wd = new Date(day).getUTCDay();
        if (wd === 0 || wd === 6) continue;
        const close = (400 * (1 + 0.05 * Math.sin(i++ / 9))).toFixed(2);
        lines.push(`${new Date(day).toISOString().slice(0, 10)},${close},${close},${close},${close},1000`);
      }
      writeFileSync(join(data, 'market', 'SPY_daily_yahoo.csv'), `${lines.join('\n')}\n`);
      const env = { FLOWLENS_HOME: reportHome };
      assert.equal(flowlens(['sync', '--from', data, '--only', 'SPY'], env).code, 0);
      const charts = ['@observablehq/plot', 'linkedom'];
      const json = loadedBy(['report', '--json', '--no-sync', '--as-of', '2025-06-30'], env);
      assert.ok(json.sources.includes('src/cli/reportCommand.ts') && json.sources.includes('src/app/report.ts'), 'report --json builds the report');
      assert.deepEqual(json.packages.filter((p) => charts.includes(p)), []);
      for (const s of json.sources) assert.doesNotMatch(s, /^src\/(views\/(svg|html)|cli\/reportHtml)\.ts$/);
      const terminal = loadedBy(['report', '--no-sync', '--as-of', '2025-06-30'], env);
      assert.deepEqual(terminal.packages.filter((p) => charts.includes(p)), []);
      // The same run with --html loads them: the trace sees the dynamic import.
      const html = loadedBy(['report', '--json', '--no-sync', '--as-of', '2025-06-30', '--html', join(reportHome, 'r.html')], env);
      assert.deepEqual(html.packages.filter((p) => charts.includes(p)), charts);
      assert.ok(html.sources.includes('src/views/svg.ts'));
      assert.match(readFileSync(join(reportHome, 'r.html'), 'utf8'), /<svg/);
    } finally {
      rmSync(data, { recursive: true, force: true });
      rmSync(reportHome, { recursive: true, force: true });
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`runs serve in its own process, which ${signal} stops cleanly`, async () => {
      const child = spawn(process.execPath, [join(pkg, 'bin', 'flowlens.js'), 'serve', '--port', '0'], { env: { ...process.env, FLOWLENS_HOME: home } });
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      const url = await new Promise<string>((done, fail) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^flowlens serve: (http:\/\/127\.0\.0\.1:\d+\/) /m.exec(out);
          if (m?.[1]) done(m[1]);
        });
        void exited.then((code) => fail(new Error(`serve exited with ${code} before printing its URL: ${err}`)));
      });
      assert.equal((await fetch(`${url}healthz`)).status, 200);
      // The pid that printed the URL is the server: no launcher in between to forward the signal.
      child.kill(signal);
      assert.equal(await exited, 0, err);
      assert.match(out, new RegExp(`flowlens serve: stopped \\(${signal}\\)\\n$`));
    });
  }

  it('says how to build when dist/ is missing', () => {
    const bare = mkdtempSync(join(tmpdir(), 'flowlens-nodist-'));
    try {
      mkdirSync(join(bare, 'bin'));
      copyFileSync(join(ROOT, 'bin', 'flowlens.js'), join(bare, 'bin', 'flowlens.js'));
      copyFileSync(join(ROOT, 'package.json'), join(bare, 'package.json'));
      const r = spawnSync(process.execPath, [join(bare, 'bin', 'flowlens.js'), '--help'], { encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, 'flowlens: dist/cli.js is missing; run `npm run build` in the flowlens folder\n');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('the built CLI on real data', { skip: skipWithoutRealData }, () => {
  const FLOW_INPUTS = ['GSPC', 'SPY', 'NDX', 'QQQ', 'RUT', 'IWM', 'DGS10', 'USO', 'CL_F', 'GLD', 'GC_F', 'BTCUSD', 'WALCL', 'WDTGAL', 'RRPONTSYD'];
  let cleanup: (() => void) | undefined;
  before(async () => {
    cleanup = await realStore(FLOW_INPUTS);
  });
  after(() => cleanup?.());

  it('runs the Monte Carlo on compiled worker threads, equal to one thread and to the sources under tsx', async () => {
    const args = ['flows', '--json', '--paths', '1500', '--seed', '5', '--as-of', '2025-06-30'];
    const env = { FLOWLENS_HOME: process.env.FLOWLENS_HOME as string };
    type Flows = { scenarios: { monteCarlo: { paths: number } } };
    const two = flowlens([...args, '--workers', '2'], env);
    const one = flowlens([...args, '--workers', '1'], env);
    assert.equal(two.code, 0, two.stderr);
    const mc2 = (JSON.parse(two.stdout) as Flows).scenarios.monteCarlo;
    assert.equal(mc2.paths, 1500);
    assert.deepEqual(mc2, (JSON.parse(one.stdout) as Flows).scenarios.monteCarlo);
    assert.deepEqual(mc2, jsonOf<Flows>(await runCli(...args, '--workers', '2')).scenarios.monteCarlo);
  });

  it('serves the library: dist/index.js reads the store and runs a model', async () => {
    const lib = (await import(pathToFileURL(join(pkg, 'dist', 'index.js')).href)) as typeof import('../index.ts');
    const store = await lib.openStore({ home: process.env.FLOWLENS_HOME as string, mode: 'read' });
    try {
      const spy = await lib.readSeries(store, lib.catalogEntry('SPY'), { to: '2025-06-30' as IsoDate });
      assert.equal(lib.toIso(spy.dates[spy.dates.length - 1] as number), '2025-06-30');
      const vc = lib.volControlModel(spy);
      assert.equal(vc.latest.date, '2025-06-30');
      assert.ok(vc.latest.exposure > 0 && vc.latest.exposure <= 1.5);
      // The compiled library computes what the sources compute.
      assert.deepEqual(vc.latest, volControlModel(spy).latest);
      // netLiquidity, by the name issue #11 imports it: H.4.1 of 2026-08-19, WALCL 6,745,699 mn −
      // TGA 936,406 mn − ON RRP 0.317 bn = 5,808.976 bn.
      const read = (id: string) => lib.readSeries(store, lib.catalogEntry(id), { to: '2026-08-19' as IsoDate });
      const nl = lib.netLiquidity({ walcl: await read('WALCL'), tga: await read('WDTGAL'), rrp: await read('RRPONTSYD') });
      const last = nl.dates.length - 1;
      assert.equal(lib.toIso(nl.dates[last] as number), '2026-08-19');
      assert.ok(Math.abs((nl.netLiquidity[last] as number) - 5808.976) < 1e-9, String(nl.netLiquidity[last]));
    } finally {
      await store.close();
    }
  });
});
