// The library: `import { volControlModel, openStore, readSeries } from 'flowlens'`. The store,
// the catalog and the models the CLI uses, as typed functions (dist/index.js and dist/types/ in
// the package). Models are pure: series in, typed result out; only the store does I/O.

// Store: one Parquet file per series under `<home>/store`, read through an embedded DuckDB.
export { openStore, type OpenOptions, type ParquetStore } from './store/parquetStore.ts';
export { readSeries } from './store/readSeries.ts';
export type { ReadOptions, Revision, Store, StoredSeriesInfo, WriteResult } from './store/store.ts';
export { flowlensHome } from './core/home.ts';

// Series and the catalog.
export { CATALOG, catalogEntry, hasSeries, type CatalogEntry, type Group } from './series/catalog.ts';
export { makeSeries, seriesFrom, sliceSeries, lastValid, toPoints, type SeriesMeta } from './series/series.ts';
export { isIsoDate, toDay, toIso } from './series/dates.ts';
export type { DayNumber, Frequency, IsoDate, Observation, Point, Series, SourceName } from './series/types.ts';
export type { Assumption, ModelProvenance } from './models/assumptions.ts';
export { FlowlensError, DataFormatError, NotEnoughDataError, ParameterError, UnknownSeriesError } from './core/errors.ts';

// Models (docs/MODELS.md has every formula and its source).
export { volControlModel, moveGrid, type VolControlParams, type VolControlResult, type VolCombine, type MoveRow } from './models/volcontrol.ts';
export { ctaModel, bondPriceFromYield, type CtaAssetInput, type CtaAssetResult, type CtaParams, type CtaResult, type SignalRule, type Trigger } from './models/cta.ts';
export { curvePath, oddsSwings, type CurveInputs, type FedPathResult, type MeetingOdds, type OddsPoint, type Swing } from './models/fedpath.ts';
export { fedWatch, fedWatchTable, type FedWatchInputs, type FedWatchResult, type FedWatchTable } from './models/fedwatch.ts';
export { fedWatchOn, fedWatchView, meetingCompare, meetingOddsHistory, meetingOddsHistories, detectSwings, type CompareLine, type MeetingCompare, type FedOddsContext, type FedWatchView, type MeetingOddsPoint, type OddsSwing, type SwingRule, type DatedEvent } from './models/fedOdds.ts';
export { fedOverview, type FedOverview, type FedOverviewOptions } from './models/fedOverview.ts';
export { liquidityModel, weeklyNetLiquidity, type LiquidityInputs, type LiquidityParams, type LiquidityResult, type WeeklyNetLiquidity } from './models/liquidity.ts';
/**
 * `netLiquidity({ walcl, tga, rrp })`: net liquidity on the Fed's Wednesdays, NL = WALCL − TGA −
 * RRP in USD bn (the name issue #11 gives it; the same function as `weeklyNetLiquidity`).
 */
export { weeklyNetLiquidity as netLiquidity } from './models/liquidity.ts';
export { vixTermModel, type VixTermInputs, type VixTermParams, type VixTermResult } from './models/vixterm.ts';
