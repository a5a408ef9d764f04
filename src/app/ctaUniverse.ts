/** The CTA universe: each asset and the catalog series that can stand for it, best first. */
export const CTA_UNIVERSE: readonly { readonly key: string; readonly label: string; readonly ids: readonly string[] }[] = [
  { key: 'spx', label: 'S&P 500', ids: ['GSPC', 'SPY'] },
  { key: 'ndx', label: 'Nasdaq-100', ids: ['NDX', 'QQQ'] },
  { key: 'rut', label: 'Russell 2000', ids: ['RUT', 'IWM'] },
  { key: 'ust10', label: 'US 10-year (price from DGS10)', ids: ['DGS10'] },
  { key: 'crude', label: 'WTI crude', ids: ['USO', 'CL_F'] },
  { key: 'gold', label: 'Gold', ids: ['GLD', 'GC_F'] },
  { key: 'btc', label: 'Bitcoin', ids: ['BTCUSD'] },
];
