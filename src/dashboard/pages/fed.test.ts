import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fedInputIds } from '../../app/fedInputs.ts';
import { parseScreenParams } from '../../app/screens/assumptions.ts';
import { fedScreen, type FedScreen } from '../../app/screens/fed.ts';
import { runCli, realStore } from '../../cli/economy/testkit.ts';
import type { MeetingCompare } from '../../models/fedOdds.ts';
import { toDay } from '../../series/dates.ts';
import { openStore } from '../../store/parquetStore.ts';
import { skipWithoutRealData } from '../../testing/realData.ts';
import { fedPage } from './fed.ts';

/** The cells of each body row of the table after `marker` in an HTML page. */
function htmlRows(html: string, marker: string): string[][] {
  const part = html.split(marker)[1]?.split('</table>')[0] ?? '';
  return [...part.matchAll(/<tr><td.*?<\/tr>/g)].map((m) => [...m[0].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1] ?? ''));
}

/** The cells of each body row of the terminal table printed after the line starting with `title`. */
function terminalRows(text: string, title: string): string[][] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.startsWith(title));
  const out: string[][] = [];
  for (const l of lines.slice(from + 3)) {
    if (!l.startsWith('│')) break;
    out.push(l.split('│').slice(1, -1).map((c) => c.trim()));
  }
  return out;
}

describe('the /fed page and `flowlens fed` show the same compare (2023-03-10, the CME settlements)', { skip: skipWithoutRealData }, () => {
  const asOf = '2023-03-10';
  let cleanup: () => void = () => {};
  let json: { compareByMeeting: MeetingCompare[] };
  let text = '';
  let screen: FedScreen;
  before(async () => {
    cleanup = await realStore(fedInputIds(toDay(asOf)));
    const j = await runCli('fed', '--as-of', asOf, '--json');
    assert.equal(j.code, 0, j.stderr);
    json = JSON.parse(j.stdout) as typeof json;
    const t = await runCli('fed', '--as-of', asOf);
    assert.equal(t.code, 0, t.stderr);
    text = t.stdout;
    const store = await openStore({ home: process.env.FLOWLENS_HOME as string, mode: 'read' });
    try {
      screen = await fedScreen(store, { asOf });
    } finally {
      await store.close();
    }
  });
  after(() => cleanup());

  it('fed --json compareByMeeting is the screen’s compare, meeting by meeting', () => {
    assert.deepEqual(
      json.compareByMeeting.map((c) => [c.meeting, c.lines]),
      screen.meetings.map((m) => [m.meeting, JSON.parse(JSON.stringify(m.compare)) as unknown]),
    );
    assert.deepEqual(screen.compareDates.map((d) => d.tradeDate), ['2023-03-09', '2023-03-03', '2023-02-08']);
    // The 22 March hike: P(4.75–5.00%) 66.1% now, 39.4% the day before (Powell's testimony).
    const range = json.compareByMeeting[0]?.lines.find((l) => l.key === 'range');
    assert.equal(range?.now.toFixed(1), '66.1');
    assert.equal(range?.earlier[0]?.then?.toFixed(1), '39.4');
  });

  it('the HTML compare table prints the numbers the terminal prints, cell for cell', () => {
    const html = htmlRows(fedPage(screen, parseScreenParams({ 'as-of': asOf })), 'id="compare"');
    const term = terminalRows(text, 'Vs 1 day, 1 week, 1 month ago');
    assert.equal(html.length, screen.meetings.reduce((n, m) => n + m.compare.length, 0));
    assert.equal(term.length, html.length);
    // The terminal names a meeting on its first line and puts % on each value; the page has % in the header.
    let meeting = '';
    const fromTerminal = term.map(([m, label, ...values]) => [(meeting = m || meeting), label, ...values.map((c) => c.replace(/%/g, ''))]);
    assert.deepEqual(fromTerminal, html);
    assert.deepEqual(html[0], ['2023-03-22', 'P(hike)', '100.0', '100.0 (0.0 pp)', '100.0 (0.0 pp)', '100.0 (0.0 pp)']);
    assert.deepEqual(html[1], ['2023-03-22', 'P(4.75–5.00%), most likely', '66.1', '39.4 (+26.8 pp)', '77.4 (−11.3 pp)', '95.7 (−29.6 pp)']);
    assert.deepEqual(html[2], ['2023-03-22', 'expected rate', '4.900', '4.980 (−8.0 bp)', '4.885 (+1.5 bp)', '4.840 (+6.0 bp)']);
  });
});
