import { UnknownSeriesError } from '../core/errors.ts';
import type { Frequency, SourceName } from './types.ts';

/** Topic a series belongs to; groups the catalog in `series list` and the README. */
export type Group =
  | 'liquidity'
  | 'rates'
  | 'credit'
  | 'labour'
  | 'output'
  | 'prices'
  | 'households'
  | 'wealth'
  | 'energy'
  | 'commodities'
  | 'equities'
  | 'volatility'
  | 'positioning'
  | 'crypto'
  | 'fx'
  | 'ai';

/**
 * Where a series is found in an offline folder (`flowlens sync --from DIR`), in priority order:
 * for each date the first file listing it wins, later files only add dates the earlier lack.
 * `file` is a base name; `column` the value column (default: the file format's value column).
 */
export interface FileMatch {
  readonly file: string;
  readonly column?: string;
  /** Only dates after the last date of the files listed before it (another vendor's copy extends, never backfills). */
  readonly extendOnly?: boolean;
}

/** One series of the catalog: what it is, where it comes from, and the source's own key. */
export interface CatalogEntry {
  /** flowlens id: upper case letters, digits and `_` (FRED ids are kept as they are). */
  readonly id: string;
  readonly title: string;
  /** Unit as the source publishes it, e.g. `USD mn`, `%`, `index`, `USD/MMBtu`. */
  readonly unit: string;
  readonly frequency: Frequency;
  readonly source: SourceName;
  /** The source's own key: FRED id, Cboe symbol, Yahoo ticker, Coinbase product, EIA series id… */
  readonly key: string;
  readonly group: Group;
  /** Files that hold this series in an offline folder; FRED ids also match `ID.csv` and FRED JSON bundles. */
  readonly files?: readonly FileMatch[];
  /** A caveat worth showing next to the data. */
  readonly note?: string;
  /** Set when no public keyless endpoint serves the series: it comes in only through `sync --from`. */
  readonly filesOnly?: string;
}

type Row = [id: string, title: string, unit: string, frequency: Frequency, files?: FileMatch[], note?: string];

function family(source: SourceName, group: Group, rows: Row[], key: (id: string) => string = (id) => id): CatalogEntry[] {
  return rows.map(([id, title, unit, frequency, files, note]) => ({
    id,
    title,
    unit,
    frequency,
    source,
    key: key(id),
    group,
    ...(files ? { files } : {}),
    ...(note ? { note } : {}),
  }));
}

const f = (file: string, column?: string): FileMatch => (column ? { file, column } : { file });
/** A Yahoo-sourced copy that only extends a Cboe/FRED history past its last date. */
const ext = (file: string, column: string): FileMatch => ({ file, column, extendOnly: true });
const yahooFile = (ticker: string): FileMatch[] => [f(`${ticker}_daily_yahoo.csv`)];
const cboeFile = (sym: string): FileMatch[] => [f(`${sym}_History_cboe.csv`)];

const FRED: CatalogEntry[] = [
  ...family('fred', 'liquidity', [
    ['WALCL', 'Fed total assets (Wednesday level)', 'USD mn', 'weekly'],
    ['WTREGEN', 'Treasury General Account (week average)', 'USD mn', 'weekly'],
    ['WDTGAL', 'Treasury General Account (Wednesday level)', 'USD mn', 'weekly', [f('WDTGAL_excerpt_2024-2026.csv')]],
    ['RRPONTSYD', 'Overnight reverse repurchase agreements (ON RRP)', 'USD bn', 'daily'],
    ['WRESBAL', 'Reserve balances with Federal Reserve Banks (week average)', 'USD mn', 'weekly'],
    ['TREAST', 'Fed holdings of US Treasury securities (Wednesday level)', 'USD mn', 'weekly'],
    ['WSHOMCB', 'Fed holdings of mortgage-backed securities (Wednesday level)', 'USD mn', 'weekly'],
    ['M2SL', 'M2 money stock', 'USD bn', 'monthly'],
  ]),
  ...family('fred', 'rates', [
    ['EFFR', 'Effective federal funds rate', '%', 'daily'],
    ['FEDFUNDS', 'Federal funds rate, monthly average', '%', 'monthly'],
    ['DFEDTARU', 'Fed funds target range, upper bound', '%', 'daily'],
    ['DFEDTARL', 'Fed funds target range, lower bound', '%', 'daily'],
    ['IORB', 'Interest rate on reserve balances', '%', 'daily'],
    ['SOFR', 'Secured overnight financing rate', '%', 'daily'],
    ['SOFR30DAYAVG', 'SOFR 30-day average', '%', 'daily'],
    ['DTB3', '3-month Treasury bill, secondary market (discount basis)', '%', 'daily'],
    ['DGS3MO', '3-month Treasury constant maturity yield', '%', 'daily'],
    ['DGS2', '2-year Treasury constant maturity yield', '%', 'daily'],
    ['DGS10', '10-year Treasury constant maturity yield', '%', 'daily'],
    ['T10Y2Y', '10-year minus 2-year Treasury spread', '%', 'daily'],
    ['T10YIE', '10-year breakeven inflation', '%', 'daily'],
    ['T5YIE', '5-year breakeven inflation', '%', 'daily'],
    ['FEDTARMD', 'FOMC projections: fed funds rate, median', '%', 'annual'],
  ]),
  ...family('fred', 'credit', [
    [
      'BAMLH0A0HYM2',
      'ICE BofA US high yield option-adjusted spread',
      '%',
      'daily',
      [f('BAMLH0A0HYM2_2023-2026.csv'), f('BAMLH0A0HYM2.csv'), f('jonsflow_fred_cache_2026-08-20.json', 'BAMLH0A0HYM2')],
      'ICE data: FRED serves only the last ~3 years',
    ],
    ['NFCI', 'Chicago Fed national financial conditions index', 'index', 'weekly'],
  ]),
  ...family('fred', 'labour', [
    ['UNRATE', 'Unemployment rate', '%', 'monthly'],
    ['U6RATE', 'U-6 unemployment and underemployment rate', '%', 'monthly'],
    ['LNS14000036', 'Unemployment rate, ages 20–24', '%', 'monthly', [f('LNS14000036.csv', 'value')]],
    ['LNS11300036', 'Labour force participation rate, ages 20–24', '%', 'monthly'],
    ['PAYEMS', 'Nonfarm payrolls', 'thousands', 'monthly'],
    ['JTSJOL', 'Job openings (JOLTS)', 'thousands', 'monthly'],
    ['JTSHIR', 'Hires rate, total nonfarm (JOLTS)', '%', 'monthly', [f('JTSHIR_2021-2025_excerpt.csv', 'value')]],
    ['ICSA', 'Initial jobless claims', 'persons', 'weekly'],
    ['CCSA', 'Continuing jobless claims', 'persons', 'weekly'],
    ['USINFO', 'Employment, information sector', 'thousands', 'monthly'],
  ]),
  ...family('fred', 'output', [
    ['GDPC1', 'Real gross domestic product', 'USD bn chained 2017, SAAR', 'quarterly'],
    ['CP', 'Corporate profits after tax (without IVA and CCAdj)', 'USD bn, SAAR', 'quarterly'],
    ['CPATAX', 'Corporate profits after tax (with IVA and CCAdj)', 'USD bn, SAAR', 'quarterly'],
    ['INDPRO', 'Industrial production index', 'index 2017=100', 'monthly'],
    ['RSAFS', 'Retail sales, retail and food services', 'USD mn', 'monthly'],
  ]),
  ...family('fred', 'prices', [
    ['CPIAUCSL', 'CPI, all items (SA)', 'index 1982-84=100', 'monthly'],
    ['CPILFESL', 'CPI less food and energy (SA)', 'index 1982-84=100', 'monthly'],
    ['PCEPILFE', 'PCE price index less food and energy', 'index 2017=100', 'monthly'],
    ['PPIACO', 'PPI, all commodities', 'index 1982=100', 'monthly'],
    ['PPIFES', 'PPI, final demand less foods, energy and trade', 'index', 'monthly'],
    ['UMCSENT', 'University of Michigan consumer sentiment', 'index 1966:Q1=100', 'monthly'],
  ]),
  ...family('fred', 'households', [
    ['CUUR0000SEHA', 'CPI, rent of primary residence (NSA)', 'index 1982-84=100', 'monthly'],
    ['CUSR0000SEHA', 'CPI, rent of primary residence (SA)', 'index 1982-84=100', 'monthly'],
    ['CUUR0000SEEB', 'CPI, tuition, other school fees and childcare (NSA)', 'index Dec-1977=100', 'monthly'],
    ['CUSR0000SEEB', 'CPI, tuition, other school fees and childcare (SA)', 'index Dec-1977=100', 'monthly'],
    ['CSUSHPINSA', 'S&P CoreLogic Case-Shiller US national home price index (NSA)', 'index Jan-2000=100', 'monthly'],
    ['MORTGAGE30US', '30-year fixed mortgage rate (Freddie Mac)', '%', 'weekly'],
    ['MSPUS', 'Median sales price of houses sold', 'USD', 'quarterly'],
    ['MEHOINUSA646N', 'Median household income (nominal)', 'USD', 'annual'],
    ['PSAVERT', 'Personal saving rate', '%', 'monthly'],
    ['DRCCLACBS', 'Credit card delinquency rate, all commercial banks', '%', 'quarterly'],
    ['TDSP', 'Household debt service payments, % of disposable income', '%', 'quarterly'],
  ]),
  ...family('fred', 'energy', [
    ['APU000072610', 'Average price of electricity, US city average', 'USD/kWh', 'monthly'],
    ['CUSR0000SEHF01', 'CPI, electricity (SA)', 'index 1982-84=100', 'monthly'],
    ['IPG2211S', 'Industrial production: electric power generation, transmission and distribution (SA)', 'index 2017=100', 'monthly'],
    ['CAPUTLG2211S', 'Capacity utilization: electric power generation, transmission and distribution (SA)', '% of capacity', 'monthly'],
    ['DCOILWTICO', 'WTI crude oil spot, Cushing', 'USD/bbl', 'daily', [f('WTI_spot_DCOILWTICO.csv')]],
    ['DCOILBRENTEU', 'Brent crude oil spot', 'USD/bbl', 'daily', [f('Brent_spot_DCOILBRENTEU.csv')]],
  ]),
  ...family('fred', 'commodities', [
    ['PCOPPUSDM', 'Global price of copper (IMF)', 'USD/metric ton', 'monthly', [f('copper_monthly_PCOPPUSDM.csv')]],
    ['PURANUSDM', 'Global price of uranium (IMF)', 'USD/lb', 'monthly', [f('uranium_spot_monthly_IMF.csv', 'uranium')]],
  ]),
  ...family('fred', 'volatility', [
    ['VIXCLS', 'Cboe VIX close (FRED)', 'index', 'daily'],
    ['OVXCLS', 'Cboe crude oil ETF volatility index', 'index', 'daily', [f('OVX_oil_vix_fred.csv', 'ovxcls')]],
  ]),
  ...family('fred', 'equities', [['SP500', 'S&P 500 index close (FRED, last 10 years)', 'index', 'daily', [f('SP500_fred.csv')]]]),
  ...family('fred', 'fx', [['DTWEXBGS', 'Nominal broad US dollar index', 'index Jan-2006=100', 'daily', [f('USD_broad_DTWEXBGS.csv')]]]),
  // --- economy models (aicapex, labour, affordability): added for issue #5 ---
  ...family('fred', 'output', [
    ['GDP', 'Gross domestic product (nominal)', 'USD bn, SAAR', 'quarterly'],
    ['COE', 'Compensation of employees, paid', 'USD bn, SAAR', 'quarterly'],
    ['GPDI', 'Gross private domestic investment (nominal)', 'USD bn, SAAR', 'quarterly'],
    ['A191RL1Q225SBEA', 'Real GDP growth (BEA), annualised', '% q/q SAAR', 'quarterly'],
    ['Y034RC1Q027SBEA', 'Private fixed investment: information processing equipment (nominal)', 'USD bn, SAAR', 'quarterly'],
    ['Y034RX1Q020SBEA', 'Real private fixed investment: information processing equipment', 'USD bn chained 2017, SAAR', 'quarterly'],
    ['B985RC1Q027SBEA', 'Private fixed investment: software (nominal)', 'USD bn, SAAR', 'quarterly'],
    ['B985RX1Q020SBEA', 'Real private fixed investment: software', 'USD bn chained 2017, SAAR', 'quarterly'],
  ]),
  ...family('fred', 'labour', [
    ['PRS85006173', 'Nonfarm business sector: labor share', 'index 2017=100', 'quarterly'],
    ['CES0500000003', 'Average hourly earnings, total private', 'USD per hour', 'monthly'],
  ]),
  ...family('fred', 'households', [['MEHOINUSA672N', 'Real median household income', 'USD (CPI-U-RS adjusted)', 'annual']]),
];

const CBOE: CatalogEntry[] = family('cboe', 'volatility', [
  ['VIX', 'Cboe volatility index (30-day)', 'index', 'daily', [...cboeFile('VIX'), ext('NDX_VIX_termstructure_daily.csv', 'VIX_close')]],
  ['VIX9D', 'Cboe 9-day volatility index', 'index', 'daily', [...cboeFile('VIX9D'), ext('NDX_VIX_termstructure_daily.csv', 'VIX9D_close')]],
  [
    'VIX3M',
    'Cboe 3-month volatility index (VXV before 2017)',
    'index',
    'daily',
    [f('VIX3M_History_cboe_to2026-07.csv'), f('VIX3M_History.csv'), ext('NDX_VIX_termstructure_daily.csv', 'VIX3M_close')],
  ],
  ['VIX6M', 'Cboe 6-month volatility index', 'index', 'daily', [...cboeFile('VIX6M')]],
  ['VVIX', 'Cboe VIX of VIX', 'index', 'daily', [f('VVIX_History_cboe.csv', 'VVIX'), ext('NDX_VIX_termstructure_daily.csv', 'VVIX_close')], '2006 values are sparse and partly implausible'],
  ['SKEW', 'Cboe S&P 500 skew index', 'index', 'daily', [f('SKEW_History_cboe.csv', 'SKEW')]],
  ['COR1M', 'Cboe 1-month implied correlation index', 'index', 'daily', [...cboeFile('COR1M')]],
  ['DSPX', 'Cboe S&P 500 dispersion index', 'index', 'daily', [f('DSPX_History_cboe.csv', 'DSPX')]],
  ['VIXEQ', 'Cboe S&P 500 constituent volatility index', 'index', 'daily', [f('VIXEQ_History_cboe.csv', 'VIXEQ')]],
]);

const YAHOO_ETFS: Row[] = [
  ['SPY', 'SPDR S&P 500 ETF (total-return adjusted)', 'USD', 'daily', yahooFile('SPY')],
  ['QQQ', 'Invesco QQQ, Nasdaq-100 (adjusted)', 'USD', 'daily', yahooFile('QQQ')],
  ['IWM', 'iShares Russell 2000 ETF (adjusted)', 'USD', 'daily', yahooFile('IWM')],
  ['RSP', 'Invesco S&P 500 equal weight ETF (adjusted)', 'USD', 'daily', yahooFile('RSP')],
  ['QQQE', 'Direxion Nasdaq-100 equal weight ETF (adjusted)', 'USD', 'daily', yahooFile('QQQE')],
  ['DIA', 'SPDR Dow Jones industrial average ETF (adjusted)', 'USD', 'daily', yahooFile('DIA')],
  ['MDY', 'SPDR S&P MidCap 400 ETF (adjusted)', 'USD', 'daily', yahooFile('MDY')],
  ['SMH', 'VanEck semiconductor ETF (adjusted)', 'USD', 'daily', yahooFile('SMH')],
  ['XLK', 'Technology Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLK')],
  ['XLU', 'Utilities Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLU')],
  ['XLE', 'Energy Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLE')],
  ['XLF', 'Financial Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLF')],
  ['XLY', 'Consumer Discretionary Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLY')],
  ['XLP', 'Consumer Staples Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLP')],
  ['XLB', 'Materials Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLB')],
  ['XLI', 'Industrial Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLI')],
  ['XLV', 'Health Care Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLV')],
  ['XLC', 'Communication Services Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLC')],
  ['XLRE', 'Real Estate Select Sector SPDR (adjusted)', 'USD', 'daily', yahooFile('XLRE')],
];

const YAHOO: CatalogEntry[] = [
  ...family('yahoo', 'equities', YAHOO_ETFS),
  ...family(
    'yahoo',
    'equities',
    [
      [
        'GSPC',
        'S&P 500 index',
        'index',
        'daily',
        [f('GSPC_daily_1927-2026_yahoo.csv'), f('GSPC_daily_1927-2020_yahoo.csv'), f('global_indices_close_daily.parquet', '^GSPC')],
      ],
      ['NDX', 'Nasdaq-100 index', 'index', 'daily', [f('NDX_VIX_ohlc_precios.json', 'NDX'), ext('NDX_VIX_termstructure_daily.csv', 'NDX_close')]],
      ['RUT', 'Russell 2000 index', 'index', 'daily', [f('RUT_index_daily_yahoo.csv')]],
      ['ES_F', 'E-mini S&P 500 futures, front month (unadjusted rolls)', 'index points', 'daily', [f('ES_F_sp500_futures_daily.csv')]],
      ['NQ_F', 'E-mini Nasdaq-100 futures, front month (unadjusted rolls)', 'index points', 'daily', [f('NQ_F_nasdaq100_futures_daily.csv')]],
    ],
    (id) => ({ GSPC: '^GSPC', NDX: '^NDX', RUT: '^RUT', ES_F: 'ES=F', NQ_F: 'NQ=F' })[id] ?? id,
  ),
  ...family(
    'yahoo',
    'rates',
    [
      ['TLT', 'iShares 20+ year Treasury bond ETF (adjusted)', 'USD', 'daily', yahooFile('TLT')],
      ['IEF', 'iShares 7–10 year Treasury bond ETF (adjusted)', 'USD', 'daily', yahooFile('IEF')],
      ['SHY', 'iShares 1–3 year Treasury bond ETF (adjusted)', 'USD', 'daily', yahooFile('SHY')],
      ['ZT_F', 'CBOT 2-year T-note futures, front month (price)', 'points of par', 'daily', [f('ZT_F_2y_note_futures_daily.csv')]],
      ['YY2_F', 'CBOT micro 2-year yield futures', '%', 'daily', [f('2YY_F_2y_yield_futures_daily.csv')]],
      ['MOVE', 'ICE BofA MOVE index (Treasury implied volatility)', 'index', 'daily', [f('MOVE_index_daily.csv')]],
    ],
    (id) => ({ ZT_F: 'ZT=F', YY2_F: '2YY=F', MOVE: '^MOVE' })[id] ?? id,
  ),
  ...family('yahoo', 'credit', [
    ['HYG', 'iShares high yield corporate bond ETF (adjusted)', 'USD', 'daily', yahooFile('HYG')],
    ['LQD', 'iShares investment grade corporate bond ETF (adjusted)', 'USD', 'daily', yahooFile('LQD')],
  ]),
  ...family(
    'yahoo',
    'commodities',
    [
      ['GLD', 'SPDR Gold Shares (adjusted)', 'USD', 'daily', yahooFile('GLD')],
      ['SLV', 'iShares Silver Trust (adjusted)', 'USD', 'daily', yahooFile('SLV')],
      ['USO', 'United States Oil Fund (split-adjusted)', 'USD', 'daily', yahooFile('USO')],
      ['UNG', 'United States Natural Gas Fund (split-adjusted)', 'USD', 'daily', yahooFile('UNG')],
      ['DBC', 'Invesco DB commodity index fund (adjusted)', 'USD', 'daily', yahooFile('DBC')],
      ['CPER', 'United States Copper Index Fund (adjusted)', 'USD', 'daily', yahooFile('CPER')],
      ['GC_F', 'COMEX gold futures, front month', 'USD/oz', 'daily', [f('GC_F_gold_futures_daily.csv')]],
      ['SI_F', 'COMEX silver futures, front month', 'USD/oz', 'daily', [f('SI_F_silver_futures_daily.csv')]],
      ['HG_F', 'COMEX copper futures, front month', 'USD/lb', 'daily', [f('HG_F_copper_futures_daily.csv')]],
      ['CL_F', 'NYMEX WTI crude oil futures, front month', 'USD/bbl', 'daily', [f('CL_F_wti_futures_daily.csv')], 'negative on 2020-04-20'],
      ['NG_F', 'NYMEX Henry Hub natural gas futures, front month', 'USD/MMBtu', 'daily', [f('NG_F_natgas_futures_daily.csv')]],
    ],
    (id) => ({ GC_F: 'GC=F', SI_F: 'SI=F', HG_F: 'HG=F', CL_F: 'CL=F', NG_F: 'NG=F' })[id] ?? id,
  ),
  ...family(
    'yahoo',
    'fx',
    [
      ['DXY', 'ICE US dollar index', 'index', 'daily', [f('DXY_daily_yahoo.csv')]],
      ['UUP', 'Invesco US dollar bullish ETF (adjusted)', 'USD', 'daily', yahooFile('UUP')],
    ],
    (id) => (id === 'DXY' ? 'DX-Y.NYB' : id),
  ),
];

const CRYPTO: CatalogEntry[] = family(
  'coinbase',
  'crypto',
  [
    ['BTCUSD', 'Bitcoin in USD (UTC daily close)', 'USD', 'daily', [f('BTC_USD_daily_yahoo.csv')]],
    ['ETHUSD', 'Ether in USD (UTC daily close)', 'USD', 'daily', [f('ETH_USD_daily_yahoo.csv')]],
  ],
  (id) => `${id.slice(0, 3)}-USD`,
);

const EIA: CatalogEntry[] = family(
  'eia',
  'energy',
  [
    ['RNGWHHD', 'Henry Hub natural gas spot price, daily', 'USD/MMBtu', 'daily', [f('HenryHub_natgas_daily.csv')]],
    ['RNGWHHM', 'Henry Hub natural gas spot price, monthly average', 'USD/MMBtu', 'monthly', [f('HenryHub_natgas_monthly.csv')]],
  ],
  (id) => `NG.${id}.${id.endsWith('D') ? 'D' : 'M'}`,
);

/** CFTC Traders in Financial Futures, E-mini Nasdaq-100 (contract market code 209742). */
const CFTC_TFF_FILE = 'cftc_tff_nasdaq100_emini_209742.csv';
const CFTC: CatalogEntry[] = family(
  'cftc',
  'positioning',
  [
    ['CFTC_NQ_OI', 'E-mini Nasdaq-100 futures: open interest', 'contracts', 'weekly', [f(CFTC_TFF_FILE, 'Open_Interest_All')]],
    ['CFTC_NQ_DEALER_NET', 'E-mini Nasdaq-100: dealers, net long', 'contracts', 'weekly', [f(CFTC_TFF_FILE, 'Dealer_Positions_Long_All-Dealer_Positions_Short_All')]],
    [
      'CFTC_NQ_ASSET_MGR_NET',
      'E-mini Nasdaq-100: asset managers, net long',
      'contracts',
      'weekly',
      [f(CFTC_TFF_FILE, 'Asset_Mgr_Positions_Long_All-Asset_Mgr_Positions_Short_All')],
    ],
    [
      'CFTC_NQ_LEV_MONEY_NET',
      'E-mini Nasdaq-100: leveraged funds, net long',
      'contracts',
      'weekly',
      [f(CFTC_TFF_FILE, 'Lev_Money_Positions_Long_All-Lev_Money_Positions_Short_All')],
    ],
  ],
  (id) => `209742:${id.replace('CFTC_NQ_', '')}`,
);

/** Cboe daily put/call ratios (Cboe market statistics). */
const PUT_CALL: CatalogEntry[] = family(
  'cboe',
  'volatility',
  [
    ['PCR_TOTAL', 'Cboe total put/call ratio', 'ratio', 'daily', [f('put_call_ratios_cboe_2019-2026.csv', 'TOTAL_PUT_CALL_RATIO'), f('put_call_total_cboe_2006-2019.csv', 'Ratio')]],
    ['PCR_EQUITY', 'Cboe equity put/call ratio', 'ratio', 'daily', [f('put_call_ratios_cboe_2019-2026.csv', 'EQUITY_PUT_CALL_RATIO')]],
    ['PCR_INDEX', 'Cboe index put/call ratio', 'ratio', 'daily', [f('put_call_ratios_cboe_2019-2026.csv', 'INDEX_PUT_CALL_RATIO')]],
    ['PCR_SPX', 'Cboe SPX+SPXW put/call ratio', 'ratio', 'daily', [f('put_call_ratios_cboe_2019-2026.csv', 'SPX_SPXW_PUT_CALL_RATIO')]],
  ],
  (id) => `PCR:${id.slice(4)}`,
).map((e) => ({ ...e, filesOnly: 'Cboe retired its keyless put/call history files in 2019' }));

/** Fed Distributional Financial Accounts: net worth shares and levels by generation and percentile. */
const DFA_GROUPS = {
  generation: ['Silent', 'BabyBoom', 'GenX', 'Millennial'],
  networth: ['TopPt1', 'RemainingTop1', 'Next9', 'Next40', 'Bottom50'],
} as const;
const DFA_LABEL: Record<string, string> = {
  Silent: 'Silent and earlier',
  BabyBoom: 'Baby boomers',
  GenX: 'Generation X',
  Millennial: 'Millennials',
  TopPt1: 'top 0.1%',
  RemainingTop1: '99th–99.9th percentile',
  Next9: '90th–99th percentile',
  Next40: '50th–90th percentile',
  Bottom50: 'bottom 50%',
};
const DFA: CatalogEntry[] = (Object.keys(DFA_GROUPS) as (keyof typeof DFA_GROUPS)[]).flatMap((dim) =>
  DFA_GROUPS[dim].flatMap((cat): CatalogEntry[] => [
    {
      id: `DFA_${dim === 'generation' ? 'GEN' : 'PCT'}_${cat.toUpperCase()}_NW_SHARE`,
      title: `Share of household net worth: ${DFA_LABEL[cat] ?? cat}`,
      unit: '% of total',
      frequency: 'quarterly',
      source: 'dfa',
      key: `${dim}-shares:${cat}:Net worth`,
      group: 'wealth',
      files: [f(`dfa-${dim}-shares.csv`, `${cat}:Net worth`)],
    },
    {
      id: `DFA_${dim === 'generation' ? 'GEN' : 'PCT'}_${cat.toUpperCase()}_NW_LEVEL`,
      title: `Household net worth: ${DFA_LABEL[cat] ?? cat}`,
      unit: 'USD mn',
      frequency: 'quarterly',
      source: 'dfa',
      key: `${dim}-levels:${cat}:Net worth`,
      group: 'wealth',
      files: [f(`dfa-${dim}-levels.csv`, `${cat}:Net worth`)],
    },
  ]),
);

/** Hyperscalers' fiscal-year capex and revenue from their 10-K filings (SEC EDGAR XBRL company facts); key = CIK. */
const HYPERSCALER_FILE = 'hyperscaler_capex_revenue_annual.csv';
const HYPERSCALERS: readonly (readonly [ticker: string, company: string, cik: string])[] = [
  ['AAPL', 'Apple', '0000320193'],
  ['AMZN', 'Amazon', '0001018724'],
  ['GOOGL', 'Alphabet', '0001652044'],
  ['META', 'Meta Platforms', '0001326801'],
  ['MSFT', 'Microsoft', '0000789019'],
];
const SEC: CatalogEntry[] = HYPERSCALERS.flatMap(([ticker, company, cik]): CatalogEntry[] => [
  {
    id: `CAPEX_${ticker}`,
    title: `${company} capital expenditure (purchases of property and equipment), fiscal year`,
    unit: 'USD bn',
    frequency: 'annual',
    source: 'sec',
    key: cik,
    group: 'ai',
    files: [f(HYPERSCALER_FILE, `${ticker}:capex`)],
    note: 'dated at the fiscal-year end',
  },
  {
    id: `REVENUE_${ticker}`,
    title: `${company} revenue, fiscal year`,
    unit: 'USD bn',
    frequency: 'annual',
    source: 'sec',
    key: cik,
    group: 'ai',
    files: [f(HYPERSCALER_FILE, `${ticker}:revenue`)],
    note: 'dated at the fiscal-year end',
  },
]);

/** Every series flowlens knows, in display order. */
export const CATALOG: readonly CatalogEntry[] = [...FRED, ...CBOE, ...PUT_CALL, ...YAHOO, ...CRYPTO, ...EIA, ...CFTC, ...DFA, ...SEC];

const BY_ID = new Map(CATALOG.map((e) => [e.id, e]));

/** Levenshtein distance: how many single-letter edits turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Up to three catalog ids close to `id`: ids it starts, then the nearest by edit distance. */
export function suggestIds(id: string): string[] {
  const needle = id.toUpperCase();
  const scored = CATALOG.map((e) => ({ id: e.id, score: e.id.startsWith(needle) ? 0 : editDistance(needle, e.id) }));
  return scored
    .filter((s) => s.score <= Math.max(2, Math.floor(needle.length / 3)))
    .sort((a, b) => a.score - b.score || a.id.length - b.id.length)
    .slice(0, 3)
    .map((s) => s.id);
}

/** The catalog entry of `id` (case-insensitive); throws UnknownSeriesError with suggestions. */
export function catalogEntry(id: string): CatalogEntry {
  const entry = BY_ID.get(id.toUpperCase());
  if (entry) return entry;
  throw new UnknownSeriesError(id, suggestIds(id));
}

/** True when `id` names a catalog series. */
export function hasSeries(id: string): boolean {
  return BY_ID.has(id.toUpperCase());
}
