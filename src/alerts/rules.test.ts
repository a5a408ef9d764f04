import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertsConfigPath, cooldownMs, loadAlertsFile, parseAlertsFile, signalNeeds } from './rules.ts';

const rules = (...r: unknown[]) => JSON.stringify({ rules: r });
const vix = { id: 'vix', condition: { kind: 'vix-ratio', atLeast: 1 } };
const FILE = '/home/u/.config/flowlens/alerts.json';

/** The one-line error of parsing `text` as alerts.json. */
function errorOf(text: string): string {
  try {
    parseAlertsFile(text, FILE);
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail('expected an error');
}

describe('alerts.json', () => {
  it('fills the defaults: channel log, no cool-down, the next meeting, 4 weeks', () => {
    const f = parseAlertsFile(rules(vix, { id: 'cut', condition: { kind: 'cut-odds-move', withinDays: 7, atLeastPp: 20 } }, { id: 'nl', condition: { kind: 'net-liquidity-change', belowBn: -100 } }), 'alerts.json');
    assert.deepEqual(f.rules[0], { id: 'vix', condition: { kind: 'vix-ratio', atLeast: 1 }, cooldown: '0m', channels: ['log'] });
    assert.deepEqual(f.rules[1]?.condition, { kind: 'cut-odds-move', meeting: 'next', odds: 'cut', withinDays: 7, atLeastPp: 20 });
    assert.deepEqual(f.rules[2]?.condition, { kind: 'net-liquidity-change', weeks: 4, belowBn: -100 });
    assert.deepEqual(f.channels, {});
  });

  it('an unknown condition kind names the file, the field and the kinds it knows', () => {
    assert.equal(errorOf(rules(vix, vix)), `${FILE}:1: rules[1].id: duplicate rule id "vix"`);
    const bad = errorOf(rules(vix, { id: 'a', condition: { kind: 'vix-ratio' } }, { id: 'x', condition: { kind: 'vix-ratoi' } }));
    assert.equal(bad, `${FILE}:1: rules[2].condition.kind: unknown "vix-ratoi" (expected one of cta-trigger-near, cta-trigger-crossed, vix-ratio, vol-control-flow, net-liquidity-change, cut-odds-move, claim-verdict-changed)`);
  });

  it('other mistakes are one line naming the field', () => {
    assert.equal(errorOf(rules({ id: 'f', condition: { kind: 'vol-control-flow', days: 5 } })), `${FILE}:1: rules[0].condition.belowBn: missing (expected number)`);
    assert.equal(errorOf(rules({ id: 'f', condition: { kind: 'vix-ratio', atleast: 1 } })), `${FILE}:1: rules[0].condition: unknown field "atleast"`);
    assert.equal(errorOf(rules({ id: 'c', condition: { kind: 'cta-trigger-near', asset: 'dax', withinPct: 1 } })), `${FILE}:1: rules[0].condition.asset: unknown "dax" (expected one of spx, ndx, rut, ust10, crude, gold, btc)`);
    assert.equal(errorOf(rules({ ...vix, channels: ['slack'] })), `${FILE}:1: rules[0].channels[0]: unknown channel "slack" (defined: log)`);
    assert.equal(errorOf(rules({ ...vix, cooldown: '2 hours' })), `${FILE}:1: rules[0].cooldown: expected a duration like "30m", "6h" or "1d"`);
    assert.equal(errorOf(JSON.stringify({ rules: [vix], channels: { hook: { type: 'webhook', url: 'ftp://x' } } })).split(': ').slice(0, 3).join(': '), `${FILE}:1: channels.hook.url: Invalid URL`);
    assert.equal(errorOf('{"rules": ['), `${FILE}:1:12: not valid JSON (Unexpected end of JSON input)`);
    assert.equal(errorOf('{}'), `${FILE}:1: rules: missing (expected array)`);
  });

  it('a byte-order mark and CRLF line ends are read as a plain file', () => {
    const f = parseAlertsFile(`\uFEFF${rules(vix)}\r\n`, 'alerts.json');
    assert.deepEqual(f.rules[0]?.condition, { kind: 'vix-ratio', atLeast: 1 });
  });

  it('a mistake in a file written by hand names its line (and column for broken JSON)', () => {
    const text = ['{', '  "rules": [', '    { "id": "vix", "condition": { "kind": "vix-ratio" } },', '    {', '      "id": "flow",', '      "condition": { "kind": "vol-control-flow", "days": 5, "belowBn": "-30" }', '    },', '    { "id": "x", "condition": { "kind": "vix-ratio", "atleast": 1 } }', '  ]', '}'].join('\n');
    assert.equal(errorOf(text), `${FILE}:6: rules[1].condition.belowBn: Invalid input: expected number, received string`);
    assert.equal(errorOf(text.replace('"-30"', '-30')), `${FILE}:8: rules[2].condition: unknown field "atleast"`);
    assert.equal(errorOf(text.replace('"vix-ratio" } },', '"vix-ratio" } }')), `${FILE}:4:5: not valid JSON (Expected ',' or ']' after array element)`);
  });

  it('is found at FLOWLENS_ALERTS, else under XDG_CONFIG_HOME, else ~/.config', () => {
    assert.equal(alertsConfigPath({ FLOWLENS_ALERTS: '/etc/fl.json', XDG_CONFIG_HOME: '/x' }, '/home/u'), '/etc/fl.json');
    assert.equal(alertsConfigPath({ XDG_CONFIG_HOME: '/x' }, '/home/u'), '/x/flowlens/alerts.json');
    assert.equal(alertsConfigPath({ XDG_CONFIG_HOME: '' }, '/home/u'), '/home/u/.config/flowlens/alerts.json');
    assert.equal(alertsConfigPath({ XDG_CONFIG_HOME: 'relative' }, '/home/u'), '/home/u/.config/flowlens/alerts.json');
  });

  it('cool-downs are minutes, hours or days', () => {
    assert.equal(cooldownMs('30m'), 1_800_000);
    assert.equal(cooldownMs('6h'), 21_600_000);
    assert.equal(cooldownMs('1d'), 86_400_000);
  });

  it('the rules say which horizons the readings need', () => {
    const f = parseAlertsFile(rules({ id: 'a', condition: { kind: 'vol-control-flow', days: 10, belowBn: -20 } }, { id: 'b', condition: { kind: 'cut-odds-move', withinDays: 14, atLeastPp: 25 } }), 'alerts.json');
    assert.deepEqual(signalNeeds(f.rules), { flowDays: [10], liquidityWeeks: [], oddsDays: [14], claims: false });
  });
});

describe('loadAlertsFile', () => {
  it('reads at most 16 MB: FLOWLENS_ALERTS naming /dev/zero is one line, not a process out of memory', () => {
    assert.throws(() => loadAlertsFile('/dev/zero'), { message: '/dev/zero: more than 16 MB: not an alert rules file (set FLOWLENS_ALERTS to your rules, a few kB of JSON)' });
  });
});
