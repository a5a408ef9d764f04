import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALERT, instantRetry, startReceiver, type Receiver } from '../../testing/alertReceiver.ts';
import { deliverWithRetry } from '../deliver.ts';
import { webhookChannel, webhookPayload } from './webhook.ts';

const TEXT = 'vix: VIX/VIX3M ≥ 1\nVIX/VIX3M 1.144 ≥ 1 on 2024-08-05 (VIX 38.57, VIX3M 33.71; hedging flow)\n(as of 2024-08-05; fired 2024-08-05T22:00:00.000Z)';

describe('webhook channel to a local HTTP receiver', () => {
  let rx: Receiver;
  before(async () => {
    rx = await startReceiver();
  });
  after(() => rx.close());

  it('posts Slack {text}, Discord {content} and the generic JSON alert', async () => {
    rx.received.length = 0;
    await webhookChannel('s', { type: 'webhook', url: `${rx.url}/slack`, format: 'slack' }).send(ALERT);
    await webhookChannel('d', { type: 'webhook', url: `${rx.url}/discord`, format: 'discord' }).send(ALERT);
    await webhookChannel('j', { type: 'webhook', url: `${rx.url}/json`, format: 'json', headers: { 'x-token': 't' } }).send(ALERT);
    assert.deepEqual(rx.received, [
      { path: '/slack', contentType: 'application/json', body: { text: TEXT } },
      { path: '/discord', contentType: 'application/json', body: { content: TEXT } },
      { path: '/json', contentType: 'application/json', body: { source: 'flowlens', ...ALERT } },
    ]);
  });

  it('cuts a Discord message to its 2,000-character limit', () => {
    const long = { ...ALERT, message: 'x'.repeat(3000) };
    const c = (webhookPayload('discord', long) as { content: string }).content;
    assert.equal(c.length, 2000);
    assert.ok(c.endsWith('…'));
  });

  it('a receiver that fails twice then succeeds gets the alert once, after backoff waits of 500 and 1000 ms', async () => {
    rx.received.length = 0;
    rx.plan = [503, 500];
    const policy = instantRetry(3);
    const r = await deliverWithRetry(webhookChannel('s', { type: 'webhook', url: `${rx.url}/slack`, format: 'slack' }), ALERT, policy);
    assert.deepEqual(r, { ok: true, attempts: 3 });
    assert.deepEqual(policy.waits, [500, 1000]);
    assert.equal(rx.received.length, 1);
  });

  it('a receiver that always fails gives the last error after the bounded attempts', async () => {
    rx.plan = [503, 503, 503];
    const r = await deliverWithRetry(webhookChannel('s', { type: 'webhook', url: `${rx.url}/slack`, format: 'slack' }), ALERT, instantRetry(3));
    assert.deepEqual(r, { ok: false, attempts: 3, error: `POST ${rx.url}/slack: HTTP 503 receiver is down` });
  });

  it('a closed port is a failure naming the URL and the reason', async () => {
    const gone = await startReceiver();
    await gone.close();
    const r = await deliverWithRetry(webhookChannel('s', { type: 'webhook', url: `${gone.url}/hook`, format: 'json' }), ALERT, instantRetry(1));
    assert.deepEqual(r, { ok: false, attempts: 1, error: `POST ${gone.url}/hook: ECONNREFUSED` });
  });
});
