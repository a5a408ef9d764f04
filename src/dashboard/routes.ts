import { parseScreenParams, type ScreenParams, validScreenParams } from '../app/screens/assumptions.ts';
import { fedScreen } from '../app/screens/fed.ts';
import { flowsScreen } from '../app/screens/flows.ts';
import { overviewScreen } from '../app/screens/overview.ts';
import { volatilityScreen } from '../app/screens/volatility.ts';
import { liquidityScreen } from '../app/screens/liquidity.ts';
import { economyScreen } from '../app/screens/economy.ts';
import { alertsScreen, type AlertsSource } from '../app/screens/alerts.ts';
import { parseStudyParams, STUDY_DEFAULTS, studyScreen } from '../app/screens/study.ts';
import { FlowlensError } from '../core/errors.ts';
import { flowlensHome } from '../core/home.ts';
import type { Store } from '../store/store.ts';
import { toIso, todayDay } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import { escapeHtml } from '../views/html.ts';
import { ASSETS, readAsset } from './assets.ts';
import { type Frame, layout, layoutParts, PAGES, type PagePath } from './layout.ts';
import { fedPage } from './pages/fed.ts';
import { flowsFrame, flowsPage } from './pages/flows.ts';
import { overviewFrame, overviewPage } from './pages/overview.ts';
import { volatilityPage } from './pages/volatility.ts';
import { liquidityPage } from './pages/liquidity.ts';
import { economyPage } from './pages/economy.ts';
import { alertsFrame, alertsPage } from './pages/alerts.ts';
import { studyForm, studyFormValues, type StudyFormValues, studyPage } from './pages/study.ts';

/** A dashboard answer before the HTTP layer writes it. */
export interface DashboardResponse {
  readonly status: number;
  readonly type: string;
  readonly body: string | Buffer;
}

const HTML = 'text/html; charset=utf-8';

/** Renders one page from the store (screen → page). */
type PageRenderer = (store: Store, p: ScreenParams, query: URLSearchParams, ctx: DashboardContext) => Promise<string>;

/** What the pages need besides the store: where the alert state and rules live, and the built assets. */
export interface DashboardContext {
  readonly alerts?: AlertsSource;
  readonly assetsDir?: string;
  /** Today (UTC) for the future-date check; the clock when absent (tests pin it). */
  readonly today?: IsoDate;
}

const RENDERERS: Partial<Record<PagePath, PageRenderer>> = {
  '/': async (store, p) => overviewPage(await overviewScreen(store, p), p),
  '/flows': async (store, p) => flowsPage(await flowsScreen(store, p), p),
  '/volatility': async (store, p) => volatilityPage(await volatilityScreen(store, p), p),
  '/fed': async (store, p) => fedPage(await fedScreen(store, p), p),
  '/alerts': async (store, p, _q, ctx) => alertsPage(await alertsScreen(store, p, ctx.alerts ?? { home: flowlensHome() }), p),
  '/economy': async (store, p) => economyPage(await economyScreen(store, p), p),
  '/liquidity': async (store, p) => liquidityPage(await liquidityScreen(store, p), p),
  '/study': async (store, p, q) => studyPage(await studyScreen(store, p, parseStudyParams(Object.fromEntries(q))), p),
};

/** Adds a page renderer (the pages beyond the first four register here). */
export function registerPage(path: PagePath, render: PageRenderer): void {
  RENDERERS[path] = render;
}

/** Whether `path` is a dashboard page. */
export function isDashboardPath(path: string): path is PagePath {
  return PAGES.some((p) => p.path === path);
}

/**
 * Answers a dashboard request: a page (`/`, `/flows`, `/volatility`, `/fed`, …) rendered from
 * the store as of `?as-of=` with the assumptions in the query (400 with the page layout and the
 * one-line reason when a parameter is out of bounds), or an asset under `/assets/`. Undefined
 * for any other path (the server answers it).
 */
export async function dashboardResponse(store: Store, path: string, query: URLSearchParams, ctx: DashboardContext = {}): Promise<DashboardResponse | undefined> {
  if (path.startsWith('/assets/')) return assetResponse(path, ctx.assetsDir);
  if (!isDashboardPath(path)) return undefined;
  let p: ScreenParams;
  try {
    p = parseScreenParams(Object.fromEntries(query));
  } catch (err) {
    if (!(err instanceof FlowlensError)) throw err;
    // The date and the other values as sent, so only the refused field needs correcting.
    const kept = validScreenParams(Object.fromEntries(query));
    return { status: 400, type: HTML, body: layout({ path, title: 'Bad parameter', params: kept, body: `<p class="problem" role="alert">${escapeHtml(err.message)}</p>`, assumptions: hasAssumptions(path) }) };
  }
  const future = futureAsOfProblem(p.asOf, ctx.today ?? toIso(todayDay()));
  if (future) return { status: 400, type: HTML, body: layout({ path, title: 'Bad parameter', params: { ...p, asOf: undefined }, body: `<p class="problem" role="alert">${escapeHtml(future)}</p>`, assumptions: hasAssumptions(path) }) };
  if (path === '/study') {
    try {
      parseStudyParams(Object.fromEntries(query));
    } catch (err) {
      if (!(err instanceof FlowlensError)) throw err;
      // The form comes back as sent, so the refused field can be corrected in place.
      const raw = (k: keyof StudyFormValues) => query.get(k)?.trim() || studyFormValues(STUDY_DEFAULTS)[k];
      const form = studyForm({ event: raw('event'), asset: raw('asset'), horizons: raw('horizons'), from: query.get('from') ?? '', gap: raw('gap') }, p.asOf);
      return { status: 400, type: HTML, body: layout({ path, title: 'Bad parameter', params: p, body: `<p class="problem" role="alert">${escapeHtml(err.message)}</p>\n${form}` }) };
    }
  }
  const render = RENDERERS[path];
  if (!render) return { status: 200, type: HTML, body: layout({ path, title: PAGES.find((x) => x.path === path)?.name ?? path, params: p, body: '<p>This page is not built yet.</p>' }) };
  return { status: 200, type: HTML, body: await render(store, p, query, ctx) };
}

/** Whether a page shows the assumptions form (the overview and the flows page: the only ones the assumptions change). */
const hasAssumptions = (path: PagePath): boolean => path === '/' || path === '/flows';

/**
 * Why an as-of date after today (UTC) is refused, or undefined for none or a day that has
 * happened: the store holds nothing dated later, so such a page would show the latest data under
 * a future date (and call every series stale by the years in between).
 */
export function futureAsOfProblem(asOf: IsoDate | undefined, today: IsoDate): string | undefined {
  return asOf !== undefined && asOf > today ? `as-of ${asOf} is after today (${today}): the time machine shows days that have happened; pick an earlier date, or clear it for the latest data` : undefined;
}

/** A client asset under `/assets/` (dist/assets; no store needed), or 404 naming it. */
export function assetResponse(path: string, assetsDir?: string): DashboardResponse {
  const name = path.slice('/assets/'.length);
  const a = readAsset(name, assetsDir);
  if (a) return { status: 200, type: a.type, body: a.body };
  // Only a known asset that is missing means an unbuilt checkout; any other name is just not there.
  const why = name in ASSETS ? `no asset ${path}: the dashboard's client is not built (run \`npm run build\`)` : `no asset ${path} (the assets are ${Object.keys(ASSETS).map((n) => `/assets/${n}`).join(', ')})`;
  return { status: 404, type: 'text/plain; charset=utf-8', body: why };
}

/**
 * The pages whose computation takes long on a cold visit (the overview: all twelve claims; the
 * flows: the models and the scenario fan; the alerts: the readings its rules need, the scorecard
 * for a claim rule), by their frame.
 */
const SHELL_FRAMES: Partial<Record<PagePath, (p: ScreenParams) => Frame>> = { '/': overviewFrame, '/flows': flowsFrame, '/alerts': alertsFrame };

/**
 * The start of a page's HTML that needs no data (layout.ts layoutParts' head: nav, title, date
 * control, assumptions form), exactly as the page will begin, for a server that sends it while
 * the page is computed: the overview's, the flows page's and the alerts page's. Undefined for the other pages and
 * for a query that is not valid or dated after today (answered 400 as usual).
 */
export function pageShell(path: string, query: URLSearchParams, today: IsoDate = toIso(todayDay())): string | undefined {
  const frame = isDashboardPath(path) ? SHELL_FRAMES[path] : undefined;
  if (!frame) return undefined;
  try {
    const p = parseScreenParams(Object.fromEntries(query));
    return futureAsOfProblem(p.asOf, today) ? undefined : layoutParts(frame(p)).head;
  } catch {
    return undefined;
  }
}
