import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { ALERT, instantRetry } from '../../testing/alertReceiver.ts';
import { deliverWithRetry } from '../deliver.ts';
import { emailChannel } from './email.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
  user?: string;
}

/** Quoted-printable bytes (RFC 2045; `_` is a space in a header's Q-encoding, RFC 2047) as UTF-8 text. */
function qp(s: string, header = false): string {
  const t = (header ? s.replace(/_/g, ' ') : s).replace(/=\r\n/g, '');
  return Buffer.from(t.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}

/** A header's value, unfolded, its encoded words decoded (adjacent words join without the space between them). */
function header(head: string, name: string): string | undefined {
  const unfolded = head.replace(/\r\n[ \t]/g, ' ');
  const line = unfolded.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}: `));
  return line?.slice(name.length + 2).replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_m, w: string) => qp(w, true));
}

describe('e-mail channel to a local SMTP server', () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let port = 0;
  before(async () => {
    server = new SMTPServer({
      // Plain SMTP on 127.0.0.1: no STARTTLS certificate to trust in a test.
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      onAuth(auth, _session, cb) {
        if (auth.username === 'alerts' && auth.password === 's3cret') cb(null, { user: auth.username });
        else cb(new Error('invalid username or password'));
      },
      onData(stream, session, cb) {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (c: string) => (raw += c));
        stream.on('end', () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, ...(typeof session.user === 'string' ? { user: session.user } : {}) });
          cb();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('delivers the alert and it reads back with its subject and body', async () => {
    received.length = 0;
    const ch = emailChannel('mail', { type: 'email', host: '127.0.0.1', port, secure: false, from: 'flowlens@example.org', to: ['desk@example.org', 'me@example.org'] });
    await ch.send(ALERT);
    assert.equal(received.length, 1);
    const m = received[0] as Received;
    assert.equal(m.from, 'flowlens@example.org');
    assert.deepEqual(m.to, ['desk@example.org', 'me@example.org']);
    const [head = '', ...rest] = m.raw.split('\r\n\r\n');
    assert.equal(header(head, 'Subject'), '[flowlens] vix: VIX/VIX3M ≥ 1');
    assert.equal(header(head, 'Content-Transfer-Encoding'), 'quoted-printable');
    const body = qp(rest.join('\r\n\r\n'));
    assert.equal(body.trim(), 'vix: VIX/VIX3M ≥ 1\r\nVIX/VIX3M 1.144 ≥ 1 on 2024-08-05 (VIX 38.57, VIX3M 33.71; hedging flow)\r\n(as of 2024-08-05; fired 2024-08-05T22:00:00.000Z)');
  });

  it('logs in with the password from the named environment variable', async () => {
    received.length = 0;
    const cfg = { type: 'email' as const, host: '127.0.0.1', port, secure: false, from: 'flowlens@example.org', to: 'desk@example.org', user: 'alerts', passwordEnv: 'FL_SMTP_PASS' };
    await emailChannel('mail', cfg, { FL_SMTP_PASS: 's3cret' }).send(ALERT);
    assert.equal(received[0]?.user, 'alerts');
    const wrong = await deliverWithRetry(emailChannel('mail', cfg, { FL_SMTP_PASS: 'nope' }), ALERT, instantRetry(2));
    assert.equal(wrong.ok, false);
    assert.match(wrong.ok ? '' : wrong.error, new RegExp(`^SMTP 127\\.0\\.0\\.1:${port}: Invalid login: 535 invalid username or password`));
    const unset = await deliverWithRetry(emailChannel('mail', cfg, {}), ALERT, instantRetry(1));
    assert.deepEqual(unset, { ok: false, attempts: 1, error: 'FL_SMTP_PASS is not set (the SMTP password for channel "mail")' });
  });
});
