import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TraceFlags } from '@opentelemetry/api';
import { traceIdOf } from './lookup-input.js';

const INCOMING = '4bf92f3577b34da6a3ce929d0e0e4736';
const ACTIVE = '0af7651916cd43dd8448eb211c80319c';

describe('traceIdOf', () => {
  it('files the audit under the active span’s trace when tracing is on', () => {
    const active = { traceId: ACTIVE, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };
    assert.equal(traceIdOf(`00-${INCOMING}-00f067aa0ba902b7-01`, active), ACTIVE);
  });

  it('takes the caller’s traceparent when there is no valid active span', () => {
    const invalid = { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: TraceFlags.NONE };
    assert.equal(traceIdOf(`00-${INCOMING}-00f067aa0ba902b7-01`, invalid), INCOMING);
    assert.equal(traceIdOf(`00-${INCOMING}-00f067aa0ba902b7-01`, undefined), INCOMING);
  });

  it('makes a fresh 32-hex id for a missing or malformed traceparent', () => {
    const ids = [
      traceIdOf(undefined, undefined),
      traceIdOf('00-nothex-01', undefined),
      traceIdOf(['x'], undefined),
    ];
    for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(new Set(ids).size, ids.length, 'each one new');
  });
});
