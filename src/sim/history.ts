/**
 * Joint daily log returns of several assets on the days all of them traded (and traded the day
 * before), oldest first: the rows the block bootstrap draws, so cross-asset correlation is kept.
 */
export function jointReturns(assets: readonly { readonly dates: Int32Array; readonly px: Float64Array }[], fromDay = -Infinity): Float64Array[] {
  const first = assets[0];
  if (!first) return [];
  // A merge over ascending dates (a Series has one value per date, sorted): pos[a] is the first
  // index of asset a on or after the day, so a day it traded is found where a lookup would find it.
  const pos = new Int32Array(assets.length);
  const rows: Float64Array[] = [];
  for (let i = 0; i < first.dates.length; i++) {
    const day = first.dates[i] as number;
    if (day < fromDay) continue;
    const row = new Float64Array(assets.length);
    let ok = true;
    for (let a = 0; a < assets.length; a++) {
      const { dates, px } = assets[a] as { dates: Int32Array; px: Float64Array };
      let j = pos[a] as number;
      while (j < dates.length && (dates[j] as number) < day) j++;
      pos[a] = j;
      if (!ok) continue;
      if (j >= dates.length || dates[j] !== day || j === 0) ok = false;
      else row[a] = Math.log((px[j] as number) / (px[j - 1] as number));
    }
    if (ok) rows.push(row);
  }
  return rows;
}

const POST_CRISIS_START = 14610; // 2010-01-01 as a day number
const TWO_YEARS = 731;
const TEN_YEARS = 3652;

/**
 * The first day the scenario bootstrap draws from: 2010-01-01, the post-2008 market; for an
 * as-of date less than two years after it (before 2012-01-01), the ten years before the as-of
 * date instead — else a scenario as of 1995 would have no history to draw from at all.
 */
export function bootstrapStart(asOfDay?: number): number {
  return asOfDay !== undefined && asOfDay < POST_CRISIS_START + TWO_YEARS ? asOfDay - TEN_YEARS : POST_CRISIS_START;
}
