/**
 * Why a data file that no catalog series uses is left out of `flowlens sync --from DIR`.
 * Known files of the shared data folder get a specific reason; others a generic one.
 */
const KNOWN: Record<string, string> = {
  'fed_funds_futures_daily.csv': "fed funds futures contracts — imported by 'flowlens fed --futures', not a catalog series",
  'fomc_dates.csv': 'FOMC meeting calendar — read by the Fed-path calendar, not a catalog series',
  'QQQ_fund_flows_derived.csv': 'derived by a third party; not imported',
  'sp500_breadth_calculated.csv': 'derived by a third party; not imported',
  'HOUSE_TO_INCOME_RATIO.csv': 'derived by a third party; not imported',
  'SPY_close_FMarkiv.csv': "raw (unadjusted) SPY close; the catalog's SPY is the dividend-adjusted Yahoo series",
  'SPX_weekly_yahoo.csv': 'weekly bars; the catalog keeps the daily S&P 500 (GSPC, SPY)',
  'NDX_weekly_yahoo.csv': 'weekly bars; the catalog keeps the daily Nasdaq-100 (NDX)',
  'gold_LBMA_AM_GOLDAMGBD228NLBM_1968-2020.csv': 'LBMA gold fix, discontinued on FRED and stale (ends 2020); gold is GLD and GC_F',
  'VIX_futures_curve_snapshot.csv': "one day's VIX futures curve, not a time series",
  'sp500_earnings_dates_2020-2026.csv': 'company earnings dates — read by the buyback window (flowlens flows), not a catalog series',
  'sp500_weights_snapshot_2026.csv': 'S&P 500 index weights — read by the buyback window (flowlens flows), not a catalog series',
  'ndx_earnings_dates_edgar_2018-2026.csv': 'company earnings dates (Nasdaq-100) — read by the buyback window, not a catalog series',
};

/** Documentation files: reported as documentation, never as unmatched data. */
export function isDocumentation(baseName: string): boolean {
  return /\.(md|txt|pdf|rst|html?)$/i.test(baseName) || /^(readme|license|licence|notice)\b/i.test(baseName);
}

/** The reason a data file is not imported. */
export function unmatchedReason(baseName: string): string {
  const known = KNOWN[baseName];
  if (known) return known;
  if (/derived|calculated|computed/i.test(baseName)) return 'derived by a third party; not imported';
  if (!/\.(csv|json|parquet)$/i.test(baseName)) return 'not a data format flowlens reads (CSV, JSON, Parquet)';
  return 'no catalog series lists this file (add it to a FileMatch in src/series/catalog.ts to import it)';
}
