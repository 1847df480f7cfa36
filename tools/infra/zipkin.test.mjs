// The local Zipkin accepts a span on its v2 HTTP collector and serves it back by trace id.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ZIPKIN_SPANS_ENDPOINT, ZIPKIN_URL, zipkinDown, zipkinPid, zipkinUp } from './zipkin.mjs';

describe('local Zipkin', { timeout: 150_000 }, () => {
  let startedHere = false;
  before(async () => {
    startedHere = (await zipkinUp()).started;
  });
  after(async () => {
    if (startedHere) await zipkinDown();
  });

  it('starts nothing twice', async () => {
    const pid = zipkinPid();
    const again = await zipkinUp();
    assert.equal(again.started, false);
    assert.equal(zipkinPid(), pid);
  });

  it('stores a posted span and returns it by trace id', async () => {
    const traceId = randomBytes(16).toString('hex');
    const span = {
      traceId,
      id: randomBytes(8).toString('hex'),
      name: 'send registry.population.citizen',
      kind: 'PRODUCER',
      timestamp: Date.now() * 1000,
      duration: 1500,
      localEndpoint: { serviceName: 'zipkin-test' },
      tags: { 'messaging.system': 'kafka' },
    };
    const posted = await fetch(ZIPKIN_SPANS_ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([span]),
    });
    assert.equal(posted.status, 202);

    // The collector stores asynchronously; poll briefly.
    let found;
    for (let i = 0; i < 20 && !found; i++) {
      const res = await fetch(`${ZIPKIN_URL}/api/v2/trace/${traceId}`);
      if (res.ok) found = await res.json();
      else await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(found, 'trace is readable');
    assert.equal(found[0].id, span.id);
    assert.equal(found[0].name, span.name);
    assert.equal(found[0].tags['messaging.system'], 'kafka');
  });
});
