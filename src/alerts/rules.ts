import { readAtMost } from '../core/readAtMost.ts';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { FlowlensError } from '../core/errors.ts';
import type { SignalNeeds } from '../app/signals.ts';
import { CTA_UNIVERSE } from '../app/ctaUniverse.ts';
import { jsonPathOffset, lineColumn } from './jsonLocate.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const positiveInt = z.number().int().positive();

/** The conditions a rule can watch, each on one reading of src/app/signals.ts. */
const CONDITION = z.discriminatedUnion('kind', [
  /**
   * A CTA trigger level lies within `withinPct` % of the price (an asset key, or every asset when
   * omitted). Only a current last close counts (see evaluate.ts STALE_AFTER_BUSINESS_DAYS: at most 3
   * business days before the newest market close of the readings); a stale asset is named and left out.
   */
  z.strictObject({ kind: z.literal('cta-trigger-near'), asset: z.enum(CTA_UNIVERSE.map((a) => a.key)).optional(), withinPct: z.number().positive() }),
  /** A CTA trigger was crossed on the last close (a lookback's trend sign changed), that close being current (as for cta-trigger-near). */
  z.strictObject({ kind: z.literal('cta-trigger-crossed'), asset: z.enum(CTA_UNIVERSE.map((a) => a.key)).optional() }),
  /** VIX / VIX3M at or above `atLeast` (1 = an inverted curve). */
  z.strictObject({ kind: z.literal('vix-ratio'), atLeast: z.number().positive().default(1) }),
  /** The vol-control flow summed over the last `days` trading days at or below `belowBn` (USD bn, negative = selling). */
  z.strictObject({ kind: z.literal('vol-control-flow'), days: positiveInt.max(252), belowBn: z.number() }),
  /** The net liquidity change over `weeks` weeks at or below `belowBn` (USD bn). */
  z.strictObject({ kind: z.literal('net-liquidity-change'), weeks: positiveInt.max(104).default(4), belowBn: z.number() }),
  /** P(cut) — or P(hike) with `odds: "hike"` — at a meeting ("next", "any" or its date) moved by at least `atLeastPp` percentage points within `withinDays` days. */
  z.strictObject({ kind: z.literal('cut-odds-move'), meeting: z.union([z.literal('next'), z.literal('any'), isoDate]).default('next'), odds: z.enum(['cut', 'hike']).default('cut'), withinDays: positiveInt.max(365), atLeastPp: z.number().positive().max(100) }),
  /** A claim's verdict (an id, or every claim when omitted) differs from the one at the previous evaluation. */
  z.strictObject({ kind: z.literal('claim-verdict-changed'), claim: z.string().min(1).optional() }),
]);

/** One rule: a condition, a cool-down between alerts, and the channels that get them. */
const RULE = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'expected letters, digits, "-", "_" or "." (it names the rule on the command line)'),
  description: z.string().optional(),
  condition: CONDITION,
  /** Minimum time between two alerts of the rule: "30m", "6h", "1d"; a new episode within it is not announced. */
  cooldown: z.string().regex(/^\d+[mhd]$/, 'expected a duration like "30m", "6h" or "1d"').default('0m'),
  /** Channel names from `channels`, or "log" (always defined). */
  channels: z.array(z.string().min(1)).default(['log']),
});

const WEBHOOK = z.strictObject({
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }),
  /** slack: {text}; discord: {content}; json: the whole alert. */
  format: z.enum(['slack', 'discord', 'json']).default('json'),
  headers: z.record(z.string(), z.string()).optional(),
});

const EMAIL = z.strictObject({
  type: z.literal('email'),
  host: z.string().min(1),
  port: positiveInt.max(65535).default(587),
  /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  from: z.string().min(3),
  to: z.union([z.string().min(3), z.array(z.string().min(3)).min(1)]),
  user: z.string().optional(),
  /** The name of the environment variable holding the SMTP password (never the password itself). */
  passwordEnv: z.string().optional(),
});

const CHANNEL = z.discriminatedUnion('type', [WEBHOOK, EMAIL]);

const FILE = z
  .strictObject({
    rules: z.array(RULE),
    channels: z.record(z.string().regex(/^[A-Za-z0-9][\w.-]*$/), CHANNEL).default({}),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}"` });
      seen.add(r.id);
      r.channels.forEach((c, j) => {
        if (c !== 'log' && !(c in f.channels)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'channels', j], message: `unknown channel "${c}" (defined: ${['log', ...Object.keys(f.channels)].join(', ')})` });
      });
    });
    if ('log' in f.channels) ctx.addIssue({ code: 'custom', path: ['channels', 'log'], message: '"log" is built in (the terminal and alerts.log); choose another name' });
  });

export type Condition = z.infer<typeof CONDITION>;
export type Rule = z.infer<typeof RULE>;
export type WebhookChannelConfig = z.infer<typeof WEBHOOK>;
export type EmailChannelConfig = z.infer<typeof EMAIL>;
export type ChannelConfig = z.infer<typeof CHANNEL>;
export type AlertsFile = z.infer<typeof FILE>;

/**
 * The rules file: `FLOWLENS_ALERTS` when set, else `$XDG_CONFIG_HOME/flowlens/alerts.json`
 * (XDG Base Directory spec; `~/.config` when XDG_CONFIG_HOME is unset or not absolute).
 */
export function alertsConfigPath(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (env.FLOWLENS_ALERTS) return env.FLOWLENS_ALERTS;
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg?.startsWith('/') ? xdg : join(home, '.config'), 'flowlens', 'alerts.json');
}

/** `rules[2].condition.kind` from a zod path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('') || '(top level)';
}

/** The value at `path` inside `root`, for an error message. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** One line for the first problem of a parse: the field and what is wrong with it. */
function issueLine(issue: z.core.$ZodIssue, input: unknown): string {
  const where = pathText(issue.path);
  const options = (issue as { options?: unknown }).options;
  if (issue.code === 'invalid_union' && Array.isArray(options)) {
    // A discriminated union's unknown tag: zod lists the tags it knows.
    const got = valueAt(input, issue.path);
    const opts = (options as unknown[]).map(String).join(', ');
    return got === undefined ? `${where}: missing (expected one of ${opts})` : `${where}: unknown ${JSON.stringify(got)} (expected one of ${opts})`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) return `${where}: unknown ${JSON.stringify(valueAt(input, issue.path))} (expected one of ${(issue.values as unknown[]).map(String).join(', ')})`;
  if (issue.code === 'unrecognized_keys') return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return `${where}: missing (expected ${issue.expected})`;
  return `${where}: ${issue.message}`;
}

/**
 * Parses a rules file's text; a problem is one FlowlensError line naming the file as given, the
 * line (and column for a JSON syntax error) and the field: `…/alerts.json:12: rules[2].condition.kind: …`.
 */
export function parseAlertsFile(text: string, file: string): AlertsFile {
  let raw: unknown;
  try {
    // A byte-order mark (Windows editors save one) is not JSON but is no mistake of the user's.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    // V8 says "… in JSON at position N" (newer versions add "(line L column C)"): the position becomes file:line:column.
    const message = (err as Error).message;
    // A file cut short ("Unexpected end of JSON input") is wrong at its end.
    const pos = /at position (\d+)/.exec(message);
    if (!pos && !/end of JSON/.test(message)) throw new FlowlensError(`${file}: not valid JSON (${message})`);
    const { line, column } = lineColumn(text, pos ? Number(pos[1]) : text.length);
    throw new FlowlensError(`${file}:${line}:${column}: not valid JSON (${message.replace(/,? (in JSON )?at position \d+.*$/, '')})`);
  }
  const r = FILE.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    if (!first) throw new FlowlensError(`${file}: invalid`);
    // An unknown field is found by its own key; any other problem by the value it names.
    const at = first.code === 'unrecognized_keys' && first.keys[0] !== undefined ? [...first.path, first.keys[0]] : first.path;
    throw new FlowlensError(`${file}:${lineColumn(text, jsonPathOffset(text, at)).line}: ${issueLine(first, raw)}`);
  }
  return r.data;
}

/** Reads and checks the rules file (see alertsConfigPath); a missing file says where it was looked for. */
export function loadAlertsFile(file: string): AlertsFile {
  let bytes: Buffer | undefined;
  try {
    bytes = readAtMost(file, MAX_RULES_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new FlowlensError(`${file} is a directory: the rules are a file, e.g. ${file.replace(/\/$/, '')}/alerts.json (set FLOWLENS_ALERTS to it)`);
    throw new FlowlensError(code === 'ENOENT' ? `no alert rules at ${file}: \`flowlens alerts init\` writes a starter file there (README, "Alerts"), or set FLOWLENS_ALERTS` : `${file}: ${(err as Error).message}`);
  }
  // FLOWLENS_ALERTS naming /dev/zero or a disk image must not fill the memory: a rules file is a few kB.
  if (bytes === undefined) throw new FlowlensError(`${file}: more than ${MAX_RULES_BYTES / 2 ** 20} MB: not an alert rules file (set FLOWLENS_ALERTS to your rules, a few kB of JSON)`);
  return parseAlertsFile(bytes.toString('utf8'), file);
}

/** The largest rules file read: 16 MB (a file of thousands of rules is well under 1 MB). */
const MAX_RULES_BYTES = 16 * 2 ** 20;

/** A condition in a few words, for `alerts list` and the dashboard's alerts page. */
export function conditionText(c: Condition): string {
  switch (c.kind) {
    case 'cta-trigger-near':
      return `CTA trigger within ${c.withinPct}% (${c.asset ?? 'any asset'})`;
    case 'cta-trigger-crossed':
      return `CTA trigger crossed (${c.asset ?? 'any asset'})`;
    case 'vix-ratio':
      return `VIX/VIX3M ≥ ${c.atLeast}`;
    case 'vol-control-flow':
      return `vol-control flow ${c.days}d ≤ ${c.belowBn} bn`;
    case 'net-liquidity-change':
      return `net liquidity ${c.weeks}w change ≤ ${c.belowBn} bn`;
    case 'cut-odds-move':
      return `P(${c.odds}) ${c.meeting} moved ≥ ${c.atLeastPp} pp in ${c.withinDays}d`;
    case 'claim-verdict-changed':
      return `verdict changed (${c.claim ?? 'any claim'})`;
  }
}

/** A cool-down like "6h" in milliseconds. */
export function cooldownMs(cooldown: string): number {
  const m = /^(\d+)([mhd])$/.exec(cooldown);
  if (!m) throw new FlowlensError(`cool-down must look like "30m", "6h" or "1d", got "${cooldown}"`);
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}

/** The horizons the readings must cover for these rules (and whether the claims are needed). */
export function signalNeeds(rules: readonly Rule[]): SignalNeeds {
  const cs = rules.map((r) => r.condition);
  return {
    flowDays: cs.flatMap((c) => (c.kind === 'vol-control-flow' ? [c.days] : [])),
    liquidityWeeks: cs.flatMap((c) => (c.kind === 'net-liquidity-change' ? [c.weeks] : [])),
    oddsDays: cs.flatMap((c) => (c.kind === 'cut-odds-move' ? [c.withinDays] : [])),
    claims: cs.some((c) => c.kind === 'claim-verdict-changed'),
  };
}
