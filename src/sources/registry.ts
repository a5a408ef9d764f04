import type { SourceName } from '../series/types.ts';
import { createCboeSource } from './cboe.ts';
import { createCftcSource } from './cftc.ts';
import { createCoinbaseSource } from './coinbase.ts';
import { createDfaSource } from './dfa.ts';
import { createEiaSource } from './eia.ts';
import { createFredSource, type FredOptions } from './fred.ts';
import { HttpClient, type HttpOptions } from './http.ts';
import { createSecSource } from './sec.ts';
import type { SourceAdapter } from './source.ts';
import { createYahooSource } from './yahoo.ts';

/** What a caller (a test, the CLI) may set beyond the environment. */
export interface SourceOverrides {
  /** Merged into every source's HTTP client: sleep/random for tests, attempts, timeoutMs, onProgress. */
  readonly http?: HttpOptions;
  /** The clock (Yahoo's period2, Coinbase's last day). */
  readonly now?: () => Date;
  /** ALFRED vintages with a FRED key (overrides FLOWLENS_FRED_VINTAGES). */
  readonly vintages?: boolean;
  /** Replace whole adapters (tests). */
  readonly adapters?: Partial<Record<SourceName, SourceAdapter>>;
}

/** Requests in flight per source: polite, and under FRED's 120 requests a minute with a key. */
export const SOURCE_CONCURRENCY: Readonly<Record<SourceName, number>> = { fred: 4, cboe: 3, yahoo: 2, coinbase: 2, eia: 2, dfa: 1, cftc: 2, sec: 2 };

/**
 * Every source adapter, configured from the environment. Environment variables:
 * - FRED_API_KEY: use FRED's JSON API (api.stlouisfed.org) instead of the keyless fredgraph.csv;
 * - FLOWLENS_FRED_VINTAGES=1 (needs FRED_API_KEY): fetch ALFRED real-time history, so every
 *   revision is stored at the date it was published;
 * - EIA_API_KEY: use the EIA API v2 instead of FRED's keyless mirror of the EIA series;
 * - base-URL overrides, for tests (a replay server) and for mirrors:
 *   FLOWLENS_FRED_URL (fredgraph host, default https://fred.stlouisfed.org),
 *   FLOWLENS_FRED_API_URL (default https://api.stlouisfed.org),
 *   FLOWLENS_CBOE_URL (default https://cdn.cboe.com),
 *   FLOWLENS_YAHOO_URL (default https://query1.finance.yahoo.com),
 *   FLOWLENS_COINBASE_URL (default https://api.exchange.coinbase.com),
 *   FLOWLENS_EIA_URL (default https://api.eia.gov),
 *   FLOWLENS_DFA_URL (the full zip URL, default DFA_ZIP_URL in dfa.ts),
 *   FLOWLENS_CFTC_URL (default https://publicreporting.cftc.gov),
 *   FLOWLENS_SEC_URL (default https://data.sec.gov);
 * - FLOWLENS_SEC_USER_AGENT: the User-Agent sent to SEC EDGAR, which asks for a name and a
 *   contact e-mail (`Your Name you@example.com`); default: flowlens's own User-Agent.
 * Each source gets its own HTTP client, so each has its own concurrency limit; the EIA adapter's
 * keyless FRED mirror shares FRED's client and limit.
 */
export function createSources(env: NodeJS.ProcessEnv = process.env, overrides: SourceOverrides = {}): Record<SourceName, SourceAdapter> {
  const url = (name: string): string | undefined => env[`FLOWLENS_${name}_URL`] || undefined;
  const client = (name: SourceName, extra: HttpOptions = {}) => new HttpClient({ concurrency: SOURCE_CONCURRENCY[name], ...extra, ...overrides.http });
  const now = overrides.now ? { now: overrides.now } : {};
  const fredHttp = client('fred');
  const fredOpts: FredOptions = {
    ...(url('FRED') ? { graphUrl: url('FRED') } : {}),
    ...(url('FRED_API') ? { apiUrl: url('FRED_API') } : {}),
    ...(env.FRED_API_KEY ? { apiKey: env.FRED_API_KEY } : {}),
    ...((overrides.vintages ?? env.FLOWLENS_FRED_VINTAGES === '1') ? { vintages: true } : {}),
  };
  const built: Record<SourceName, SourceAdapter> = {
    fred: createFredSource({ ...fredOpts, http: fredHttp }),
    cboe: createCboeSource({ ...(url('CBOE') ? { baseUrl: url('CBOE') } : {}), http: client('cboe') }),
    yahoo: createYahooSource({ ...(url('YAHOO') ? { baseUrl: url('YAHOO') } : {}), http: client('yahoo'), ...now }),
    coinbase: createCoinbaseSource({ ...(url('COINBASE') ? { baseUrl: url('COINBASE') } : {}), http: client('coinbase'), ...now }),
    eia: createEiaSource({
      ...(env.EIA_API_KEY ? { apiKey: env.EIA_API_KEY } : {}),
      ...(url('EIA') ? { baseUrl: url('EIA') } : {}),
      // The mirror is a plain FRED series: it goes through FRED's client (and FRED's key, if any), without vintages.
      fred: { ...fredOpts, vintages: false },
      http: client('eia'),
      fredHttp,
    }),
    // The DFA zip is one large download: a longer timeout.
    dfa: createDfaSource({ ...(url('DFA') ? { url: url('DFA') } : {}), http: client('dfa', { timeoutMs: 120_000 }) }),
    cftc: createCftcSource({ ...(url('CFTC') ? { baseUrl: url('CFTC') } : {}), http: client('cftc') }),
    // companyfacts of a large company is several MB: a longer timeout.
    sec: createSecSource({
      ...(url('SEC') ? { baseUrl: url('SEC') } : {}),
      http: client('sec', { timeoutMs: 60_000, ...(env.FLOWLENS_SEC_USER_AGENT ? { userAgent: env.FLOWLENS_SEC_USER_AGENT } : {}) }),
    }),
  };
  return { ...built, ...overrides.adapters };
}
