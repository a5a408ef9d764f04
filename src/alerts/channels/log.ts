import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FiredAlert } from '../evaluate.ts';
import type { Channel } from './channel.ts';

/** One line per event in the alert log: ISO time, a tag (FIRED, TEST, DELIVERY-FAILED…), the text with newlines folded. */
export function logLine(at: Date, tag: string, text: string): string {
  return `${at.toISOString()} ${tag} ${text.replace(/\s*\n\s*/g, ' — ')}\n`;
}

/** Appends lines to the alert log file (created with its folder); the file is the lasting record of every alert and failure. */
export function appendLog(file: string, line: string): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, line);
}

/**
 * The built-in "log" channel: each alert as one line on the terminal (`write`, e.g. stderr) and
 * in the alert log file.
 */
export function logChannel(file: string, write: (line: string) => void, now: () => Date = () => new Date()): Channel {
  return {
    name: 'log',
    send(alert: FiredAlert): Promise<void> {
      const line = logLine(now(), alert.test ? 'TEST' : 'ALERT', `${alert.title}: ${alert.message}`);
      appendLog(file, line);
      write(line);
      return Promise.resolve();
    },
  };
}
