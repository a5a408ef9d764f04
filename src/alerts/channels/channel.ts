import type { FiredAlert } from '../evaluate.ts';

/** Where alerts go: `send` resolves once the alert is accepted, and rejects with the reason otherwise. */
export interface Channel {
  readonly name: string;
  send(alert: FiredAlert): Promise<void>;
}

/** The plain-text body of an alert, shared by the log, e-mail and chat channels. */
export function alertText(a: FiredAlert): string {
  return `${a.title}\n${a.message}\n(as of ${a.asOf ?? 'the latest data'}; fired ${a.firedAt})`;
}
