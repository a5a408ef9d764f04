import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { z } from 'zod';
import { ASSUMPTION_SPECS } from '../app/screens/assumptions.ts';
import { PAGES } from '../dashboard/layout.ts';
import { handMadeStore } from '../testing/serverStore.ts';
import { dashboardRoutes } from './dashboardRoutes.ts';
import { createApp } from './app.ts';
import { openApiPath } from './openapi.ts';
import { ReportCache } from './reportCache.ts';
import { catalogBody, errorBody, healthBody, provenanceBody, reportBody, seriesBody } from './schemas.ts';
import { startServer, type RunningServer } from './server.ts';
import { SharedStore } from './sharedStore.ts';

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  example?: string;
  schema: { examples?: string[]; enum?: string[]; minimum?: number; maximum?: number; type?: string; format?: string };
}
interface Operation {
  parameters?: Parameter[];
  responses: Record<string, { content: Record<string, { schema: { $ref?: string } }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, { get: Operation }>;
  components: { schemas: Record<string, unknown> };
}

/** The zod schema behind each named component, to check live bodies against what the document says. */
const BY_ID: Record<string, z.ZodType> = { Error: errorBody, Series: seriesBody, Catalog: catalogBody, Report: reportBody, Health: healthBody, Provenance: provenanceBody };

describe('/api/openapi.json', () => {
  let home: string;
  let srv: RunningServer;
  let doc: Document;
  let assets: string;
  // `flowlens serve` as the CLI starts it: the dashboard's pages first, then the API. The assets
  // are stand-ins (the document is under test here, not the client build).
  const routes = () => dashboardRoutes((ctx) => ({ assetsDir: assets, alerts: { home: ctx.home } }));
  before(async () => {
    home = await handMadeStore();
    assets = mkdtempSync(join(tmpdir(), 'flowlens-openapi-assets-'));
    writeFileSync(join(assets, 'dashboard.css'), 'body{}');
    writeFileSync(join(assets, 'dashboard.js'), '');
    srv = await startServer({ home, port: 0, log: () => {}, routes: routes() });
    doc = (await (await fetch(`${srv.url}api/openapi.json`)).json()) as Document;
  });
  after(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(assets, { recursive: true, force: true });
  });

  /** Requests `path` and checks the status and content type are documented for it, and a JSON body against its schema. */
  async function check(op: Operation, path: string, status: string): Promise<Response> {
    const r = await fetch(`${srv.url}${path.slice(1)}`);
    assert.equal(String(r.status), status, `${path}: ${r.status} ${r.status !== 200 ? await r.clone().text() : ''}`);
    const answer = op.responses[status];
    assert.ok(answer, `${path}: status ${status} is documented`);
    const type = r.headers.get('content-type') ?? '';
    const documented = answer.content[type];
    assert.ok(documented, `${path}: ${type} is documented for ${status} (${Object.keys(answer.content).join(', ')})`);
    const ref = documented.schema.$ref?.replace('#/components/schemas/', '');
    if (ref !== undefined) {
      assert.ok(doc.components.schemas[ref], `${ref} is in components`);
      const schema = BY_ID[ref];
      assert.ok(schema, `the test knows ${ref}`);
      schema.parse(await r.clone().json());
    }
    const head = await fetch(`${srv.url}${path.slice(1)}`, { method: 'HEAD' });
    assert.equal(String(head.status), status, `HEAD ${path}`);
    return r;
  }

  it('is OpenAPI 3.1 and documents exactly the routes the app registers', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const store = new SharedStore(home, () => {});
    const app = createApp({ home, store, reports: new ReportCache(home) }, { bindHost: '127.0.0.1', log: () => {}, routes: routes() });
    const registered = new Set(app.routes.filter((r) => r.method === 'GET').map((r) => openApiPath(r.path)));
    await store.close();
    assert.deepEqual([...registered].sort(), Object.keys(doc.paths).sort());
    assert.ok(registered.has('/api/series/{id}') && registered.has('/api/openapi.json') && registered.has('/report'));
    for (const p of PAGES) assert.ok(doc.paths[p.path], `the dashboard page ${p.path} is documented`);
    assert.match(JSON.stringify(doc.paths['/']), /Dashboard: Overview/, '`/` is documented as what answers it: the dashboard, not the report');
  });

  it('every documented path answers its documented 200 and content type, bare and with each example and enum value', async () => {
    let requests = 0;
    for (const [template, { get: op }] of Object.entries(doc.paths)) {
      const params = op.parameters ?? [];
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const p = params.find((x) => x.in === 'path' && x.name === name);
        assert.ok(p?.example, `${template}: path parameter ${name} has an example`);
        return encodeURIComponent(p.example);
      });
      await check(op, path, '200');
      const query = params.filter((p) => p.in === 'query');
      // The example request: every query parameter with an example at once, then each enum value on top.
      const example = new URLSearchParams();
      for (const p of query) if (p.schema.examples?.[0] !== undefined) example.set(p.name, p.schema.examples[0]);
      if ([...example.keys()].length > 0) await check(op, `${path}?${example.toString()}`, '200');
      for (const p of query) {
        for (const v of p.schema.enum ?? []) {
          const q = new URLSearchParams(example);
          q.set(p.name, v);
          await check(op, `${path}?${q.toString()}`, '200');
          requests++;
        }
      }
      requests++;
    }
    assert.ok(requests >= 10, `${requests} requests`);
  });

  it('every query parameter refuses a bad value with the documented 400 naming it', async () => {
    for (const [template, { get: op }] of Object.entries(doc.paths)) {
      const params = op.parameters ?? [];
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => params.find((x) => x.name === name)?.example ?? '');
      for (const p of params.filter((x) => x.in === 'query')) {
        const r = await check(op, `${path}?${p.name}=${encodeURIComponent(',')}`, '400');
        // JSON routes answer `{ error }`; a dashboard page, its layout with the line in role="alert".
        const type = r.headers.get('content-type') ?? '';
        const error = type.startsWith('text/html') ? (/<p class="problem" role="alert">([^<]*)<\/p>/.exec(await r.text())?.[1] ?? '') : ((await r.json()) as { error: string }).error;
        assert.match(error, new RegExp(`^${p.name} `), `${template} ${p.name}`);
      }
    }
  });

  it('documents the series parameters the issue names, the cap on ids, and the error shape', () => {
    const list = doc.paths['/api/series']?.get.parameters?.map((p) => p.name);
    assert.deepEqual(list, ['ids', 'from', 'to', 'as-of', 'format']);
    assert.match(JSON.stringify(doc.paths['/api/series']), /at most 20/);
    assert.deepEqual(doc.components.schemas.Error, { type: 'object', properties: { error: { type: 'string' } }, required: ['error'], additionalProperties: false, description: 'every error answer: `{ "error": "one line naming the problem" }`' });
  });

  it('documents every dashboard page’s as-of and assumptions with the bounds the pages enforce, and the study form on /study', async () => {
    for (const pg of PAGES) {
      const params = doc.paths[pg.path]?.get.parameters ?? [];
      const byName = new Map(params.map((p) => [p.name, p]));
      assert.equal(byName.get('as-of')?.schema.format, 'date', `${pg.path} as-of`);
      for (const s of ASSUMPTION_SPECS) {
        const p = byName.get(s.key);
        assert.ok(p && p.in === 'query' && !p.required, `${pg.path}: ${s.key} is an optional query parameter`);
        if (s.key === 'ctaLookbacks') assert.equal(p.schema.type, 'string');
        else assert.deepEqual([p.schema.minimum, p.schema.maximum], [s.min, s.max], `${pg.path}: ${s.key} bounds`);
      }
      assert.equal(byName.has('event'), pg.path === '/study', `${pg.path}: the study form only on /study`);
    }
    assert.equal(doc.paths['/flows']?.get.parameters?.find((p) => p.name === 'blackoutBefore')?.schema.type, 'integer');
    assert.deepEqual(doc.paths['/study']?.get.parameters?.find((p) => p.name === 'gap')?.schema.maximum, 252);
    // A bound in the document is the bound the page enforces: just past it is a 400, at it a 200.
    assert.equal((await fetch(`${srv.url}flows?volTarget=0.5`)).status, 200);
    const past = await fetch(`${srv.url}flows?volTarget=0.51`);
    assert.equal(past.status, 400);
    assert.match(await past.text(), /role="alert">volTarget must be from 0.01 to 0.5 \(fraction\)</);
  });
});
