import { alertsConfigPath } from '../alerts/rules.ts';
import { alertFilesKey } from '../alerts/state.ts';
import { flowlensHome } from '../core/home.ts';
import { screenQuerySchema } from '../app/screens/assumptions.ts';
import { studyQuerySchema } from '../app/screens/study.ts';
import { PAGES } from '../dashboard/layout.ts';
import type { DashboardContext, DashboardResponse } from '../dashboard/routes.ts';
import { escapeHtml } from '../views/html.ts';
import { STREAM_HEADER } from './httpCache.ts';
import type { Store } from '../store/store.ts';
import type { AppRoute, RouteContext, RouteRequest, RouteResponse } from './routes.ts';

const HTML_TYPE = 'text/html; charset=utf-8';

/**
 * The dashboard's pages run their own script and stylesheet (from /assets/, never another host)
 * and send their GET forms to themselves: the server's default policy (no script, no form
 * action) is widened to exactly that.
 */
export const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** A dashboard answer as a RouteResponse (assets as bytes; pages with the dashboard's CSP). */
function routeResponse(r: DashboardResponse): RouteResponse {
  return { status: r.status, type: r.type, body: typeof r.body === 'string' ? r.body : new Uint8Array(r.body), ...(r.type.startsWith('text/html') ? { headers: { 'content-security-policy': DASHBOARD_CSP } } : {}) };
}

/**
 * A page sent in two parts of one response: `shell` (the page's start, known without data:
 * header, nav, title, date control) at once, then the rest of the page once `full()` has
 * computed it — the bytes after the shell, so the client receives exactly the page. A page that
 * fails after the shell went ends with one line saying why.
 */
function shellFirst(shell: string, full: () => Promise<RouteResponse>): RouteResponse {
  const utf8 = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(utf8.encode(shell));
      // The computation starts on the next turn of the event loop, once the shell is written
      // (the store read that begins it runs synchronously for a while).
      await new Promise((resolve) => setImmediate(resolve));
      let rest: string;
      try {
        const r = await full();
        const html = typeof r.body === 'string' ? r.body : '';
        if (r.status !== 200 || !html.startsWith(shell)) throw new Error(`the page came out as HTTP ${r.status} without its shell`);
        rest = html.slice(shell.length);
      } catch (err) {
        rest = `<p class="problem" role="alert">${escapeHtml(`could not compute this page: ${(err as Error).message.split('\n')[0] ?? ''}`)}</p>\n</main>\n</body>\n</html>\n`;
      }
      controller.enqueue(utf8.encode(rest));
      controller.close();
    },
  });
  // Chunked from the start: the HTTP adapter then writes the head and the shell at once instead of
  // waiting a timer's turn for more of the body (by which time the computation holds the thread).
  return { status: 200, type: HTML_TYPE, body, headers: { 'content-security-policy': DASHBOARD_CSP, 'transfer-encoding': 'chunked', [STREAM_HEADER]: 'shell-first' } };
}

/** One dashboard answer as a RouteResponse. */
async function answer(ctx: RouteContext, path: string, req: RouteRequest, dash: DashboardContext, cache: boolean): Promise<RouteResponse> {
  // Loaded on the first page asked for: the pages bring Observable Plot and the models, which
  // `serve` need not load to start (preloadDashboard loads them in the background).
  const { assetResponse, dashboardResponse, pageShell } = await import('../dashboard/routes.ts');
  // Assets need no store: answered at once, even while a page is being computed.
  if (path.startsWith('/assets/')) return routeResponse(assetResponse(path, dash.assetsDir));
  const query = new URLSearchParams(Object.entries(req.query));
  const render = async (store: Store): Promise<RouteResponse> => {
    const r = await dashboardResponse(store, path, query, dash);
    if (!r) return { status: 404, type: 'text/plain; charset=utf-8', body: `no such page: ${path}` };
    return routeResponse(r);
  };
  if (!cache) return ctx.store.use(render);
  // A page depends only on the store and the query: cached per manifest generation (a sync's
  // swap makes every page stale at once). The alerts page also shows the rules file and the alert
  // state: their bytes join its key, so an edit or a new check shows on the next visit.
  const files = path === '/alerts' ? ` ${alertFilesKey(dash.alerts?.home ?? flowlensHome(), dash.alerts?.rulesFile ?? alertsConfigPath())}` : '';
  const key = `dashboard ${path}?${[...query].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join('&')}${files}`;
  // A page not computed yet whose start needs no data (the overview) sends that start at once
  // and the rest when computed; a computed one goes whole, as every other page.
  const shell = pageShell(path, query);
  if (shell !== undefined && !(await ctx.store.ready(key))) return shellFirst(shell, () => ctx.store.cached(key, render));
  return ctx.store.cached(key, render);
}

/**
 * Loads the dashboard's modules (pages, screens, models) without computing anything: `serve`
 * calls it once it listens, so the first page asked for does not wait for the modules to load.
 */
export async function preloadDashboard(): Promise<void> {
  try {
    await import('../dashboard/routes.ts');
  } catch {
    // the first page asked for loads them again and answers the error
  }
}

/**
 * The pages `serve` computes ahead of the first visitor (warm.ts), the overview first: every page
 * at the latest data with the default assumptions (the alerts page with the rules file and alert
 * state as they are then; a later edit or check is computed at the next visit, shell first).
 */
export const PAGES_TO_WARM: readonly string[] = PAGES.map((p) => p.path);

/**
 * The dashboard's pages (src/dashboard/: `/`, `/flows`, `/volatility`, `/fed`, `/liquidity`,
 * `/economy`, `/study`, `/alerts`, each with `?as-of=` and the assumptions) and its client assets
 * (`/assets/dashboard.js`, `/assets/dashboard.css`, from dist/assets), as routes of the hono app
 * (createApp's `routes`: registered first, so the overview takes `/`; the report stays at
 * `/report`). Pages are cached per store generation and query; the alerts page's key also holds the
 * bytes of the rules file and the alert state (alerts/state.ts alertFilesKey).
 */
export function dashboardRoutes(dash: (ctx: RouteContext) => DashboardContext = (ctx) => ({ alerts: { home: ctx.home } })): AppRoute[] {
  const pages = PAGES.map(
    (p): AppRoute => ({
      path: p.path,
      summary: `Dashboard: ${p.name} (HTML; ?as-of=YYYY-MM-DD and the assumptions in the query)`,
      description: 'A blank parameter (a form sent with an empty field) counts as absent and keeps its default. A bad value answers 400 with the page layout and one line naming the parameter.',
      // The schemas the pages parse with (app/screens/assumptions.ts, study.ts): the document shows their bounds.
      query: p.path === '/study' ? screenQuerySchema.extend(studyQuerySchema.shape) : screenQuerySchema,
      responses: {
        200: { description: `the ${p.name} page`, content: { [HTML_TYPE]: null } },
        400: { description: 'a query parameter out of bounds: the page layout with `<p role="alert">` naming the parameter (e.g. `volTarget must be from 0.01 to 0.5 (fraction)`)', content: { [HTML_TYPE]: null } },
      },
      handle: (ctx, req) => answer(ctx, p.path, req, dash(ctx), true),
    }),
  );
  const assets: AppRoute = {
    path: '/assets/:name',
    summary: 'Dashboard client assets: the bundled uPlot script and its stylesheet',
    params: { name: { description: 'dashboard.js or dashboard.css', example: 'dashboard.css' } },
    responses: { 200: { description: 'the asset', content: { 'text/css; charset=utf-8': null, 'text/javascript; charset=utf-8': null } } },
    handle: (ctx, req) => answer(ctx, `/assets/${req.param('name')}`, req, dash(ctx), false),
  };
  return [...pages, assets];
}
