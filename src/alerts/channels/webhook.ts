import type { WebhookChannelConfig } from '../rules.ts';
import type { FiredAlert } from '../evaluate.ts';
import { alertText, type Channel } from './channel.ts';

/** Discord rejects a message `content` longer than 2,000 characters. */
const DISCORD_MAX = 2000;

/**
 * The JSON body for a webhook format: Slack incoming webhooks take `{text}`
 * (https://api.slack.com/messaging/webhooks), Discord webhooks `{content}` of at most 2,000
 * characters (https://discord.com/developers/docs/resources/webhook#execute-webhook), and
 * `json` the whole alert.
 */
export function webhookPayload(format: WebhookChannelConfig['format'], a: FiredAlert): unknown {
  if (format === 'slack') return { text: alertText(a) };
  if (format === 'discord') {
    const t = alertText(a);
    return { content: t.length > DISCORD_MAX ? `${t.slice(0, DISCORD_MAX - 1)}…` : t };
  }
  return { source: 'flowlens', ...a };
}

/** A webhook channel: one JSON POST per alert; anything but a 2xx answer (or no answer in `timeoutMs`) is a failure. */
export function webhookChannel(name: string, cfg: WebhookChannelConfig, timeoutMs = 10_000): Channel {
  return {
    name,
    async send(alert: FiredAlert): Promise<void> {
      let res: Response;
      try {
        res = await fetch(cfg.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'flowlens-alerts', ...cfg.headers },
          body: JSON.stringify(webhookPayload(cfg.format, alert)),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        // fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout…) is in its cause.
        const c = (err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
        const why = c?.code ?? c?.errors?.[0]?.code ?? c?.message ?? (err as Error).message;
        throw new Error(`POST ${cfg.url}: ${why}`, { cause: err });
      }
      const body = await res.text().catch(() => '');
      if (!res.ok) throw new Error(`POST ${cfg.url}: HTTP ${res.status}${body ? ` ${body.slice(0, 120)}` : ''}`);
    },
  };
}
