// Loaded with `node --import @ndg/telemetry/preload`, before any application module, so the
// pg instrumentation can patch pg before it is first imported.
import { register } from 'node:module';
import { startTelemetry } from './telemetry-sdk.js';

if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true') {
  // ESM imports bypass require-in-the-middle; this loader hook lets the instrumentations wrap
  // packages imported with `import`. Limited to what we instrument, to keep start-up fast.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: ['pg', 'pg-pool'] },
  });
}

startTelemetry({ flushOnSignals: true });
