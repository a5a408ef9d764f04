import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartCsv, drawBandLabels, drawLastLabel, keepTickLabels, lastValue, rangeStart, toSeconds, valueText, withUnit, xName, type ClientChart, type LabelContext } from './chartMath.ts';

/**
 * A canvas as uPlot leaves it after drawing the y axis (right-aligned, middle baseline), measuring
 * text at `pxPerChar` a character; `calls` records each halo ("halo T at x,y align") and text
 * ("text T at x,y align baseline") drawn.
 */
function uPlotCanvas(pxPerChar: number): { ctx: LabelContext; calls: string[]; state: { textAlign: string; textBaseline: string } } {
  const calls: string[] = [];
  const state = { textAlign: 'right', textBaseline: 'middle' };
  const stack: (typeof state)[] = [];
  const ctx: LabelContext = {
    font: '',
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineJoin: 'miter',
    get textAlign() { return state.textAlign; },
    set textAlign(v: string) { state.textAlign = v; },
    get textBaseline() { return state.textBaseline; },
    set textBaseline(v: string) { state.textBaseline = v; },
    save: () => void stack.push({ ...state }),
    restore: () => void Object.assign(state, stack.pop()),
    measureText: (t) => ({ width: pxPerChar * t.length }),
    strokeText: (t, x, y) => void calls.push(`halo ${t} at ${x},${y} ${state.textAlign}`),
    fillText: (t, x, y) => void calls.push(`text ${t} at ${x},${y} ${state.textAlign} ${state.textBaseline}`),
  };
  return { ctx, calls, state };
}

const chart: ClientChart = {
  id: 'vix-ratio',
  title: 'VIX / VIX3M',
  summary: 'x',
  unit: 'ratio',
  dates: ['2024-08-01', '2024-08-02', '2024-08-05'],
  lines: [
    { label: 'VIX/VIX3M', values: [0.86, 0.95, 1.144] },
    { label: 'a, "quoted"', values: [1, null, null] },
  ],
};

describe('the dashboard client’s chart helpers', () => {
  it('date to Unix seconds at 00:00 UTC', () => {
    assert.equal(toSeconds('1970-01-02'), 86400);
    assert.equal(toSeconds('2024-08-05'), 1722816000);
  });
  it('1Y starts 365.25 days before the last point, never before the first; Max at the first', () => {
    const xs = [toSeconds('2020-01-01'), toSeconds('2024-08-05')];
    assert.equal(rangeStart(xs, '1y'), toSeconds('2024-08-05') - 365.25 * 86400);
    assert.equal(rangeStart(xs, '5y'), toSeconds('2020-01-01'));
    assert.equal(rangeStart(xs, 'max'), toSeconds('2020-01-01'));
  });
  it('CSV: a date column, one column per line with its unit, quoted names, empty cells for no value', () => {
    assert.equal(chartCsv(chart), 'date,VIX/VIX3M (ratio),"a, ""quoted"" (ratio)"\n2024-08-01,0.86,1\n2024-08-02,0.95,\n2024-08-05,1.144,\n');
  });
  it('the last value skips missing ones', () => {
    assert.deepEqual(lastValue(chart, 0), { date: '2024-08-05', value: 1.144 });
    assert.deepEqual(lastValue(chart, 1), { date: '2024-08-01', value: 1 });
    assert.equal(lastValue(chart, 2), undefined);
  });
  it('a curve over maturity: x named by its tenor in the tip, maturity in days in the CSV', () => {
    const curve: ClientChart = { id: 'vix-curve', title: 't', summary: 's', unit: 'index points', x: 'maturity', dates: ['9', '30', '91', '182'], xLabels: ['9 days', '30 days', '3 months', '6 months'], lines: [{ label: 'now (2024-08-05)', values: [42.79, 38.57, 33.72, 30.28] }] };
    assert.equal(xName(curve, 2), '3 months');
    assert.equal(xName(chart, 2), '2024-08-05');
    assert.equal(xName({ ...chart, x: 'days', dates: ['0', '1'] }, 1), 'day 1');
    assert.equal(chartCsv(curve), 'maturity_days,now (2024-08-05) (index points)\n9,42.79\n30,38.57\n91,33.72\n182,30.28\n');
  });
  it('a value with its unit said once: the "%" of "% of AUM" is on the number', () => {
    assert.equal(withUnit(73.6081, '% of AUM'), '73.61% of AUM');
    assert.equal(withUnit(12.5, '%'), '12.50%');
    assert.equal(withUnit(0.8743, 'USD bn'), '0.874 USD bn');
    assert.equal(withUnit(5809.4, 'USD bn'), '5,809 USD bn');
    assert.equal(valueText(null, '%'), '—');
  });
  it('band labels: left-aligned from their band whatever uPlot left on the canvas; one that would overprint the last is left out', () => {
    const { ctx, calls, state } = uPlotCanvas(5);
    // 5 px a character: "stress (peak 1.25)" (18 characters) is 90 px wide, so from 637 the next may start at 637 + 90 + 6 = 733.
    drawBandLabels(ctx, [{ x0: 20, label: 'stress (peak 1.06)' }, { x0: 635, label: 'stress (peak 1.25)' }, { x0: 700, label: 'hedging flow (peak 1.07)' }, { x0: 730, label: 'hedging flow (peak 1.09)' }, { x0: 731, label: 'stress (peak 1.40)' }, { x0: 900, label: 'hedging flow (peak 1.14)' }], { left: 56, top: 10, width: 900 }, 1, '#555');
    assert.deepEqual(calls, ['text stress (peak 1.06) at 58,22 left alphabetic', 'text stress (peak 1.25) at 637,22 left alphabetic', 'text stress (peak 1.40) at 733,22 left alphabetic', 'text hedging flow (peak 1.14) at 834,22 left alphabetic']);
    // The last one (120 px) would run past the plot's right edge (956): it ends 2 px before it instead.
    assert.deepEqual(state, { textAlign: 'right', textBaseline: 'middle' }, 'the canvas is left as it was');
  });
  it('the last-value label: drawn from just right of the point (inside the plot), whatever alignment uPlot left on the canvas, with a halo, not a box', () => {
    // A canvas as uPlot leaves it after the y axis: right-aligned, middle baseline. The text is
    // measured at 7 px a character, so "73.61% of AUM" is 91 px wide.
    const { ctx, calls, state } = uPlotCanvas(7);
    // The last point at the plot's right edge (left 56, width 600): the label is pulled inside, ending 2 px before the edge.
    drawLastLabel(ctx, '73.61% of AUM', 656, 120, { left: 56, width: 600 }, 1, { bg: '#fff', fg: '#000' });
    assert.deepEqual(calls, ['halo 73.61% of AUM at 563,116 left', 'text 73.61% of AUM at 563,116 left alphabetic']);
    assert.deepEqual(state, { textAlign: 'right', textBaseline: 'middle' }, 'the canvas is left as it was');
    // A point in the middle: the label starts 4 px to its right.
    calls.length = 0;
    drawLastLabel(ctx, '1.2', 300, 50, { left: 56, width: 600 }, 2, { bg: '#fff', fg: '#000' });
    assert.deepEqual(calls, ['halo 1.2 at 308,42 left', 'text 1.2 at 308,42 left alphabetic']);
  });

  it('keepTickLabels leaves out a maturity label that would overprint its neighbour', () => {
    // The VIX curve at 390 px: maturities 9, 30, 91, 182 days on a plot ~290 px wide (x from 0 at 9 d).
    // "9 days" (6 chars, 42 px) centred at 0 ends at 21; "30 days" (49 px) centred at 35 starts at 10.5: out.
    const pos = [0, 35, 96, 290];
    const widths = [42, 49, 56, 56];
    assert.deepEqual(keepTickLabels(pos, widths, 6), [true, false, true, true]);
    // At 1440 px the same curve has room for every label.
    assert.deepEqual(keepTickLabels([0, 130, 356, 1070], widths, 6), [true, true, true, true]);
    // A gap counts from the last label kept, not the last one looked at.
    assert.deepEqual(keepTickLabels([0, 20, 40, 60], [30, 30, 30, 30], 6), [true, false, true, false]);
  });
});
