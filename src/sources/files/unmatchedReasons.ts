/**
 * Why a data file that no catalog series uses is left out of `flowlens sync --from DIR`.
 * Known files of the shared data folder get a specific reason; others a generic one.
 */
const KNOWN: Record<string, string> = {
  'fomc_dates.csv': 'FOMC meeting dates to 2024 (pyfedwatch); the Fed-path calendar in src/series/calendars/fomc.ts holds them, with each year\'s announcement date, through 2027',
  'QQQ_fund_flows_derived.csv': 'derived by a third party; not imported',
  'sp500_breadth_calculated.csv': 'derived by a third party; not imported',
  'HOUSE_TO_INCOME_RATIO.csv': 'derived by a third party; not imported',
  'SPY_close_FMarkiv.csv': "raw (unadjusted) SPY close; the catalog's SPY is the dividend-adjusted Yahoo series",
  'SPX_weekly_yahoo.csv': 'weekly bars; the catalog keeps the daily S&P 500 (GSPC, SPY)',
  'NDX_weekly_yahoo.csv': 'weekly bars; the catalog keeps the daily Nasdaq-100 (NDX)',
  'gold_LBMA_AM_GOLDAMGBD228NLBM_1968-2020.csv': 'LBMA gold fix, discontinued on FRED and stale (ends 2020); gold is GLD and GC_F',
  'VIX_futures_curve_snapshot.csv': "one day's VIX futures curve, not a time series",
  'sp500_earnings_dates_2020-2026.csv': 'S&P 500 company earnings dates — imported as the earnings calendar of the buyback window only together with an S&P 500 weights file (sp500_weights*.csv)',
  'sp500_weights_snapshot_2026.csv': 'S&P 500 index weights — imported with the earnings calendar of the buyback window only together with an S&P 500 earnings dates file (sp500_earnings_dates*.csv)',
  'ndx_earnings_dates_edgar_2018-2026.csv': 'company earnings dates (Nasdaq-100), not the S&P 500: not imported (give it to the buyback window with flowlens flows --earnings-dates FILE --weights FILE)',
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
