import type { SourceName } from '../series/types.ts';
import { createCboeSource } from './cboe.ts';
import { createCftcSource } from './cftc.ts';
import { createCoinbaseSource } from './coinbase.ts';
import { createDfaSource } from './dfa.ts';
import { createEiaSource } from './eia.ts';
import { createFredSource } from './fred.ts';
import type { SourceAdapter } from './source.ts';
import { createYahooSource } from './yahoo.ts';

/**
 * Every source adapter, configured from the environment:
 * - FRED_API_KEY: FRED's JSON API instead of the keyless fredgraph.csv;
 * - FLOWLENS_FRED_VINTAGES=1 (with a key): ALFRED real-time history, every revision dated;
 * - EIA_API_KEY: EIA API v2 instead of FRED's keyless mirror;
 * - FLOWLENS_<SOURCE>_URL (FRED, FRED_API, CBOE, YAHOO, COINBASE, EIA, DFA, CFTC): base URL overrides,
 *   used by tests and by anyone behind a mirror.
 */
export function createSources(env: NodeJS.ProcessEnv = process.env): Record<SourceName, SourceAdapter> {
  const url = (name: string): string | undefined => env[`FLOWLENS_${name}_URL`] || undefined;
  const fredOpts = {
    ...(url('FRED') ? { graphUrl: url('FRED') } : {}),
    ...(url('FRED_API') ? { apiUrl: url('FRED_API') } : {}),
    ...(env.FRED_API_KEY ? { apiKey: env.FRED_API_KEY } : {}),
    ...(env.FLOWLENS_FRED_VINTAGES === '1' ? { vintages: true } : {}),
  };
  return {
    fred: createFredSource(fredOpts),
    cboe: createCboeSource(url('CBOE') ? { baseUrl: url('CBOE') } : {}),
    yahoo: createYahooSource(url('YAHOO') ? { baseUrl: url('YAHOO') } : {}),
    coinbase: createCoinbaseSource(url('COINBASE') ? { baseUrl: url('COINBASE') } : {}),
    eia: createEiaSource({ ...(env.EIA_API_KEY ? { apiKey: env.EIA_API_KEY } : {}), ...(url('EIA') ? { baseUrl: url('EIA') } : {}), fred: fredOpts }),
    dfa: createDfaSource(url('DFA') ? { url: url('DFA') } : {}),
    cftc: createCftcSource(url('CFTC') ? { baseUrl: url('CFTC') } : {}),
  };
}
