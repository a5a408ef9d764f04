/**
 * Joint daily log returns of several assets on the days all of them traded (and traded the day
 * before), oldest first: the rows the block bootstrap draws, so cross-asset correlation is kept.
 */
export function jointReturns(assets: readonly { readonly dates: Int32Array; readonly px: Float64Array }[], fromDay = -Infinity): Float64Array[] {
  const index = assets.map((a) => new Map(Array.from(a.dates, (d, i) => [d, i] as const)));
  const first = assets[0];
  if (!first) return [];
  const rows: Float64Array[] = [];
  for (let i = 0; i < first.dates.length; i++) {
    const day = first.dates[i] as number;
    if (day < fromDay) continue;
    const row = new Float64Array(assets.length);
    let ok = true;
    for (let a = 0; a < assets.length && ok; a++) {
      const j = index[a]?.get(day);
      if (j === undefined || j === 0) ok = false;
      else {
        const px = (assets[a] as { px: Float64Array }).px;
        row[a] = Math.log((px[j] as number) / (px[j - 1] as number));
      }
    }
    if (ok) rows.push(row);
  }
  return rows;
}
