import { loadRealSeries } from './src/testing/realData.ts';
import { vixTermModel } from './src/models/vixterm.ts';
const [vix, vix3m, vix9d, spx, hy, rsp] = await Promise.all(['VIX', 'VIX3M', 'VIX9D', 'SPY', 'BAMLH0A0HYM2', 'RSP'].map(loadRealSeries));
const t0 = performance.now();
const r = vixTermModel({ vix: vix!, vix3m: vix3m!, vix9d, spx: spx!, hySpread: hy, equalWeight: rsp });
console.log('ms', performance.now() - t0);
for (const e of r.episodes) console.log(e.start, e.end, e.days, e.peakRatio.toFixed(3), e.classification.label, e.classification.reason);
console.log(r.today);
console.log(JSON.stringify(r.eventStudy.all.horizons), JSON.stringify(r.eventStudy.stress.horizons.map(h=>[h.horizon,h.n,h.meanReturn])), JSON.stringify(r.eventStudy['hedging flow'].horizons.map(h=>[h.horizon,h.n,h.meanReturn])));
