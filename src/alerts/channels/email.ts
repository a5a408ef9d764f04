import nodemailer from 'nodemailer';
import type { EmailChannelConfig } from '../rules.ts';
import type { FiredAlert } from '../evaluate.ts';
import { alertText, type Channel } from './channel.ts';

/**
 * An e-mail channel over SMTP (nodemailer): one message per alert, subject `[flowlens] TITLE`,
 * the alert as plain text. The password comes from the environment variable named in
 * `passwordEnv`, never from the rules file.
 */
export function emailChannel(name: string, cfg: EmailChannelConfig, env: NodeJS.ProcessEnv = process.env): Channel {
  const pass = cfg.passwordEnv ? env[cfg.passwordEnv] : undefined;
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    ...(cfg.user ? { auth: { user: cfg.user, pass: pass ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    name,
    async send(alert: FiredAlert): Promise<void> {
      if (cfg.passwordEnv && pass === undefined) throw new Error(`${cfg.passwordEnv} is not set (the SMTP password for channel "${name}")`);
      try {
        await transport.sendMail({ from: cfg.from, to: cfg.to, subject: `[flowlens] ${alert.title}`, text: alertText(alert) });
      } catch (err) {
        throw new Error(`SMTP ${cfg.host}:${cfg.port}: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}
