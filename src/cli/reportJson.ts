import type { Report } from '../app/report.ts';
import { toIso } from '../series/dates.ts';

/**
 * The report for `--json`: as built, with each chart's series as ISO dates and values (typed
 * arrays would serialise as objects keyed by index, and day numbers mean nothing to a script).
 */
export function reportJson(r: Report): unknown {
  return {
    ...r,
    theses: r.theses.map((t) =>
      t.chart
        ? {
            ...t,
            chart: {
              ...t.chart,
              series: t.chart.series.map((s) => ({ id: s.id, title: s.title, unit: s.unit, dates: Array.from(s.dates, (d) => toIso(d)), values: Array.from(s.values, (v) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null)) })),
              ...(t.chart.bands ? { bands: t.chart.bands } : {}),
            },
          }
        : t,
    ),
  };
}
