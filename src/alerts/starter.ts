// The rules file `flowlens alerts init` writes, and the dashboard shows while there is none: one
// rule per kind of trigger the thesis talks about, on the terminal channel (log), so it works
// before any webhook or mail server is configured.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FlowlensError } from '../core/errors.ts';

/**
 * A starter rules file (JSON text): the VIX curve inverted, the S&P 500 within 1% of a CTA
 * trigger or across one, vol-control funds selling more than USD 30 bn over 5 days, net liquidity
 * down more than USD 100 bn in 4 weeks, cut odds for the next meeting moving 20 pp within a week,
 * and a claim's verdict changing. Channels default to `log`; README "Alerts" shows webhooks and mail.
 */
export const STARTER_ALERTS = `{
  "rules": [
    { "id": "vix-inverted", "condition": { "kind": "vix-ratio", "atLeast": 1 }, "cooldown": "1d" },
    { "id": "spx-trigger-near", "condition": { "kind": "cta-trigger-near", "asset": "spx", "withinPct": 1 } },
    { "id": "spx-trigger-crossed", "condition": { "kind": "cta-trigger-crossed", "asset": "spx" } },
    { "id": "vol-control-selling", "condition": { "kind": "vol-control-flow", "days": 5, "belowBn": -30 } },
    { "id": "liquidity-drain", "condition": { "kind": "net-liquidity-change", "weeks": 4, "belowBn": -100 } },
    { "id": "cut-odds-swing", "condition": { "kind": "cut-odds-move", "meeting": "next", "withinDays": 7, "atLeastPp": 20 } },
    { "id": "verdict-changed", "condition": { "kind": "claim-verdict-changed" } }
  ]
}
`;

/**
 * Writes STARTER_ALERTS to `file` (its folder created), never over an existing file: a user's
 * rules are not lost to a second `init` (`wx` fails with EEXIST, which becomes a one-line error).
 */
export function writeStarterAlerts(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, STARTER_ALERTS, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new FlowlensError(`${file} already exists: edit it, or move it away to start from the starter rules`);
    throw new FlowlensError(`${file}: ${(err as Error).message}`);
  }
}
