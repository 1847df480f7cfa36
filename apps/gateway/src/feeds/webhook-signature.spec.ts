import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelayMs,
  generateWebhookSecret,
  webhookHeaders,
  webhookSignature,
  webhookUrlAllowed,
} from './webhook-signature.js';

/**
 * Standard Webhooks (https://www.standardwebhooks.com/, spec "Signature scheme"): the signed content
 * is `${msg_id}.${timestamp}.${payload}`, HMAC-SHA256 keyed with the base64-decoded part of the
 * secret after `whsec_`, the header `v1,` + base64 of the MAC.
 */
function referenceSignature(secret: string, id: string, ts: number, body: string): string {
  const key = Buffer.from(secret.split('_')[1] ?? '', 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${ts}.${body}`, 'utf8').digest('base64')}`;
}

describe('webhook signature (Standard Webhooks)', () => {
  // The spec's published example secret and message.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const ts = 1614265330;
  const body = '{"test": 2432232314}';

  it('matches an independently computed HMAC for a known vector', () => {
    const expected = referenceSignature(secret, id, ts, body);
    assert.equal(webhookSignature(secret, id, ts, body), expected);
    // The value the Standard Webhooks reference libraries publish for this vector.
    assert.equal(expected, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs the exact bytes: a different body, id or timestamp changes the signature', () => {
    const sig = webhookSignature(secret, id, ts, body);
    assert.notEqual(webhookSignature(secret, id, ts, `${body} `), sig);
    assert.notEqual(webhookSignature(secret, `${id}x`, ts, body), sig);
    assert.notEqual(webhookSignature(secret, id, ts + 1, body), sig);
    const unicode = '{"fullName":"Nguyễn Văn Đổi"}';
    assert.equal(webhookSignature(secret, id, ts, unicode), referenceSignature(secret, id, ts, unicode));
  });

  it('sends the three headers with a seconds timestamp', () => {
    const h = webhookHeaders(secret, id, body, ts * 1000 + 999);
    assert.deepEqual(h, {
      'webhook-id': id,
      'webhook-timestamp': String(ts),
      'webhook-signature': referenceSignature(secret, id, ts, body),
    });
  });

  it('generates whsec_ secrets of 32 random bytes', () => {
    const a = generateWebhookSecret();
    assert.match(a, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(a.slice(6), 'base64').length, 32);
    assert.notEqual(a, generateWebhookSecret());
  });

  it('allows https, and plain http only to loopback', () => {
    assert.ok(webhookUrlAllowed('https://agency.example/hook'));
    assert.ok(webhookUrlAllowed('http://127.0.0.1:8080/hook'));
    assert.ok(webhookUrlAllowed('http://localhost/hook'));
    assert.ok(!webhookUrlAllowed('http://example.org/hook'));
    assert.ok(!webhookUrlAllowed('https://user:pw@agency.example/hook'));
    assert.ok(!webhookUrlAllowed('not a url'));
  });
});

describe('backoff with full jitter', () => {
  it('stays within [0, min(max, base * 2^(attempt-1)))', () => {
    const base = 100;
    const max = 5000;
    for (let attempt = 1; attempt <= 40; attempt++) {
      const ceiling = Math.min(max, base * 2 ** (attempt - 1));
      assert.equal(backoffDelayMs(attempt, base, max, () => 0), 0, `attempt ${attempt} low end`);
      const top = backoffDelayMs(attempt, base, max, () => 0.999999999);
      assert.ok(top < ceiling && top >= ceiling - 1, `attempt ${attempt}: ${top} vs ${ceiling}`);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelayMs(attempt, base, max);
        assert.ok(Number.isInteger(d) && d >= 0 && d < ceiling, `attempt ${attempt}: ${d}`);
      }
    }
  });

  it('grows exponentially until the cap, and the cap holds for huge attempt numbers', () => {
    const half = (attempt: number) => backoffDelayMs(attempt, 100, 5000, () => 0.5);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(half), [50, 100, 200, 400, 800, 1600, 2500]);
    assert.equal(half(1_000_000), 2500);
    assert.equal(half(0), 50, 'attempt 0 is treated as the first');
  });

  it('is spread out (full jitter, not a fixed delay)', () => {
    const samples = new Set(Array.from({ length: 200 }, () => backoffDelayMs(10, 100, 5000)));
    assert.ok(samples.size > 50, `only ${samples.size} distinct delays`);
  });
});
