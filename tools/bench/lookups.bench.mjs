#!/usr/bin/env node
// npm run bench:lookups — what the gateway's chain costs per lookup, measured side by side in one
// run on this machine: (a) straight to the population registry's internal API, (b) through nginx
// as a plain reverse proxy, (c) through the gateway (authenticate, policy, contract validation,
// projection, audit), and (c) again with OpenTelemetry tracing exporting to a Zipkin endpoint.
// Real PostgreSQL and Kafka from `infra:up`, fresh databases, built services as child processes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { generateKeyPair, exportJWK } from 'jose';
import { Pool } from 'undici';
import { DataSource } from 'typeorm';
import { dropDatabase, ensureDatabase, withDatabase } from '@ndg/database';
import { bulkLoad } from '@ndg/registry-kit';
import { generateCitizens } from '@ndg/synthetic';
import { GatewayClient } from '@ndg/client';
import { infraUp } from '../infra/infra.mjs';
import { repoRoot } from '../infra/local-state.mjs';

const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 20_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
// Off by default: every grant with a rate limit takes a row lock on one shared row per request,
// which would make this a benchmark of that row. BENCH_RATE_LIMIT=1 measures it too.
const RATE_LIMITED = process.env.BENCH_RATE_LIMIT === '1';
const SAMPLE_RATIO = Number(process.env.BENCH_SAMPLE_RATIO ?? 0.1);
const AGENCY = 'bench';
const PURPOSE = 'benchmarking';
const GRANTED = ['personalId', 'fullName', 'dateOfBirth', 'status', 'dateOfDeath'];

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const suffix = Date.now().toString(36);

/** Things to undo at the end (or on Ctrl-C), newest first. */
const cleanups = [];
async function cleanUp() {
  while (cleanups.length > 0)
    await cleanups
      .pop()()
      .catch((err) => console.error(`  cleanup: ${err.message}`));
}
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until `probe` is true; a child that already exited fails at once instead of at the deadline. */
async function waitUntil(what, child, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what}: the process exited ${child.exitCode}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopper(child) {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
}

/** A built app as a child process on a free port; `tracing` decides what the telemetry preload does. */
async function startService(app, env, tracing) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=TimeoutNegativeWarning',
      // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile per service, to see where the time goes.
      ...(process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []),
      '--import',
      '@ndg/telemetry/preload',
      join(repoRoot, `apps/${app}/dist/src/main.js`),
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        NODE_ENV: 'development',
        OTEL_SERVICE_NAME: app,
        ...(tracing
          ? {
              OTEL_SDK_DISABLED: 'false',
              OTEL_TRACES_EXPORTER: 'zipkin',
              OTEL_EXPORTER_ZIPKIN_ENDPOINT: tracing.endpoint,
              ...(tracing.sampleRatio === undefined
                ? {}
                : { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: String(tracing.sampleRatio) }),
            }
          : { OTEL_SDK_DISABLED: 'true' }),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const stop = stopper(child);
  cleanups.push(stop);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(`${app} /health`, child, async () => {
    const res = await fetch(`${url}/health`);
    await res.body?.cancel();
    return res.status === 200 || res.status === 503;
  }).catch((err) => {
    throw new Error(`${err.message}\n${stderr}`);
  });
  return { url, stop };
}

/** A Zipkin endpoint that accepts span batches and drops them, so export cost is paid but nothing stored. */
async function startSpanSink() {
  const received = { batches: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (chunk) => (received.bytes += chunk.length));
    req.on('end', () => {
      received.batches++;
      res.writeHead(202).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { endpoint: `http://127.0.0.1:${server.address().port}/api/v2/spans`, received };
}

function nginxBinary() {
  for (const candidate of [
    'nginx',
    '/usr/sbin/nginx',
    '/usr/local/sbin/nginx',
    '/usr/local/nginx/sbin/nginx',
  ]) {
    const probe = spawnSync(candidate, ['-v'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** nginx as a plain keep-alive reverse proxy, from a config in a temp dir, in the foreground, on 127.0.0.1. */
async function startNginx(binary, upstreamUrl, dir) {
  const port = await freePort();
  const upstream = new URL(upstreamUrl);
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream registry { server ${upstream.host}; keepalive ${CONCURRENCY}; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://registry;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  // -e: nginx would otherwise open its compiled-in error log before reading the config.
  const child = spawn(binary, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  cleanups.push(stopper(child));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    'nginx',
    child,
    async () => {
      const res = await fetch(`${url}/health`);
      await res.body?.cancel();
      return res.status === 200 || res.status === 503;
    },
    10_000,
  ).catch((err) => {
    throw new Error(`${err.message}\n${stderr}`);
  });
  return url;
}

/** CONCURRENCY requests in flight over keep-alive connections; latency per request, first failure kept. */
async function drive(origin, requests) {
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
  const latencies = new Float64Array(requests.length);
  let failures = 0;
  let firstFailure;
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const { path, headers } = requests[i];
      const t0 = performance.now();
      const res = await pool.request({ method: 'GET', path, headers });
      const body = await res.body.text();
      latencies[i] = performance.now() - t0;
      if (res.statusCode !== 200) {
        failures++;
        firstFailure ??= `${res.statusCode} ${body.slice(0, 300)}`;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: requests.length,
    perSecond: requests.length / seconds,
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    failures,
    firstFailure,
  };
}

async function measure(name, origin, makeRequests) {
  await drive(origin, await makeRequests(WARMUP));
  const result = await drive(origin, await makeRequests(REQUESTS));
  if (result.failures > 0)
    throw new Error(`${name}: ${result.failures} of ${result.count} failed, first: ${result.firstFailure}`);
  console.error(
    `  ${name}: ${fmt(result.perSecond)} req/s, p50 ${fmt(result.p50, 2)} ms, p99 ${fmt(result.p99, 2)} ms`,
  );
  return { name, ...result };
}

async function main() {
  for (const app of ['population-registry', 'gateway'])
    if (!existsSync(join(repoRoot, `apps/${app}/dist/src/main.js`)))
      throw new Error(`apps/${app} is not built: npm run build`);
  const started = Date.now();
  const { kafka, postgres } = await infraUp();
  const dir = await mkdtemp(join(tmpdir(), 'bench-lookups-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));

  // A fresh registry database, bulk-loaded the way `npm run seed` does it.
  console.error(`› loading ${fmt(CITIZENS)} citizens into a fresh population database`);
  const { POPULATION_SEEDING } = await import(
    pathToFileURL(join(repoRoot, 'apps/population-registry/dist/src/seeding.js')).href
  );
  const populationUrl = withDatabase(postgres.url, `bench_lookups_population_${suffix}`);
  await ensureDatabase(populationUrl);
  cleanups.push(() => dropDatabase(populationUrl));
  const ids = [];
  const seeding = new DataSource({
    type: 'postgres',
    url: populationUrl,
    migrations: POPULATION_SEEDING.migrations,
    migrationsRun: true,
  });
  await seeding.initialize();
  try {
    await bulkLoad(
      seeding,
      POPULATION_SEEDING.kind,
      (function* () {
        for (const citizen of generateCitizens(42, CITIZENS)) {
          ids.push(citizen.personalId);
          yield citizen;
        }
      })(),
    );
  } finally {
    await seeding.destroy();
  }
  // Spread over the whole table, in the same order for every case.
  const idAt = (i) => ids[(i * 7919) % ids.length];

  // The bench agency: a key pair, its public key in a file, and a policy with no row scope.
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const agenciesDir = join(dir, 'agencies');
  const policiesDir = join(dir, 'policies');
  await Promise.all([agenciesDir, policiesDir].map((d) => mkdir(d)));
  await writeFile(
    join(agenciesDir, `${AGENCY}.json`),
    JSON.stringify({ id: AGENCY, keys: [{ ...(await exportJWK(publicKey)), kid: `${AGENCY}-1` }] }),
  );
  await writeFile(
    join(policiesDir, `${AGENCY}.yaml`),
    `agency: ${AGENCY}
grants:
  - dataset: population.citizen
    operations: [lookup]
    purposes: [${PURPOSE}]
    fields: [${GRANTED.join(', ')}]
${RATE_LIMITED ? '    rateLimit: { perMinute: 1000000 }\n' : ''}    validFrom: 2020-01-01
    legalBasis: Benchmark grant
`,
  );
  const signer = new GatewayClient({
    baseUrl: 'http://127.0.0.1:9',
    agencyId: AGENCY,
    privateKey,
    keyId: `${AGENCY}-1`,
    algorithm: 'ES256',
    officer: 'bench-officer',
    purpose: PURPOSE,
    caseReference: 'BENCH-1',
    // Pre-signed before the timed loop, so they must outlive the run.
    tokenLifetimeSeconds: 300,
  });
  cleanups.push(() => signer.close());
  let offset = 0;
  const gatewayRequests = async (n) => {
    const tokens = [];
    for (let i = 0; i < n; i += 500)
      tokens.push(...(await Promise.all(Array.from({ length: Math.min(500, n - i) }, () => signer.token()))));
    return tokens.map((token) => ({
      path: `/v1/datasets/population.citizen/records/${idAt(offset++)}`,
      headers: { authorization: `Bearer ${token}` },
    }));
  };
  const registryRequests = async (n) =>
    Array.from({ length: n }, () => ({ path: `/internal/records/${idAt(offset++)}`, headers: {} }));

  const platform = async (tracing) => {
    const registry = await startService(
      'population-registry',
      {
        NDG_POPULATION_DATABASE_URL: populationUrl,
        KAFKA_BROKERS: kafka.brokers.join(','),
        OUTBOX_RELAY: 'false',
      },
      tracing,
    );
    const gatewayUrl = withDatabase(
      postgres.url,
      `bench_lookups_gateway_${tracing ? 'traced' : 'plain'}_${suffix}`,
    );
    await ensureDatabase(gatewayUrl);
    cleanups.push(() => dropDatabase(gatewayUrl));
    const gateway = await startService(
      'gateway',
      {
        NDG_GATEWAY_DATABASE_URL: gatewayUrl,
        AGENCIES_DIR: agenciesDir,
        POLICIES_DIR: policiesDir,
        POPULATION_REGISTRY_URL: registry.url,
        BUSINESS_REGISTRY_URL: 'http://127.0.0.1:9',
        INSURANCE_REGISTRY_URL: 'http://127.0.0.1:9',
      },
      tracing,
    );
    return { registry, gateway };
  };

  const rows = {};
  console.error('› tracing off (OTEL_SDK_DISABLED=true)');
  const plain = await platform(undefined);
  rows.a = await measure('(a) client → registry', plain.registry.url, registryRequests);
  const nginx = nginxBinary();
  if (nginx) {
    const proxyDir = join(dir, 'nginx');
    await mkdir(proxyDir);
    rows.b = await measure(
      '(b) client → nginx → registry',
      await startNginx(nginx, plain.registry.url, proxyDir),
      registryRequests,
    );
  } else {
    console.log('nginx: not available');
  }
  rows.c = await measure('(c) client → gateway → registry', plain.gateway.url, gatewayRequests);
  await plain.gateway.stop();
  await plain.registry.stop();

  console.error('› tracing on (telemetry preload, Zipkin exporter to a discarding sink)');
  const sink = await startSpanSink();
  const traced = await platform(sink);
  rows.t = await measure('(c) with tracing', traced.gateway.url, gatewayRequests);
  await traced.gateway.stop();
  await traced.registry.stop();

  // Production tracing samples at the head; the ratio is the operator's OTEL_TRACES_SAMPLER_ARG.
  console.error(`› tracing on, ${SAMPLE_RATIO * 100}% head sampling`);
  const sampled = await platform({ ...sink, sampleRatio: SAMPLE_RATIO });
  rows.s = await measure('(c) with sampled tracing', sampled.gateway.url, gatewayRequests);
  await sampled.gateway.stop();
  await sampled.registry.stop();

  const ratio = (x, y) =>
    `${fmt(x.perSecond / y.perSecond, 2)}× req/s, ${fmt(x.p50 / y.p50, 2)}× p50, ${fmt(x.p99 / y.p99, 2)}× p99`;
  console.log(
    `\n## bench:lookups — ${fmt(REQUESTS)} lookups per case after ${fmt(WARMUP)} warm-up, ${CONCURRENCY} in flight, ${fmt(CITIZENS)} citizens, grant ${RATE_LIMITED ? 'with' : 'without'} rate limit, ${new Date().toISOString()}\n`,
  );
  console.log('| case | req/s | p50 ms | p99 ms | req/s ÷ (a) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const labels = {
    a: '(a) client → registry `GET /internal/records/:id` (baseline)',
    b: '(b) client → nginx (plain reverse proxy) → registry',
    c: '(c) client → gateway (auth, policy, contract, projection, audit) → registry, tracing off',
    t: '(c) same, tracing on, every request traced (Zipkin exporter → discarding sink)',
    s: `(c) same, tracing on, ${SAMPLE_RATIO * 100}% head sampling (parentbased_traceidratio)`,
  };
  for (const key of ['a', 'b', 'c', 't', 's']) {
    const r = rows[key];
    if (!r) {
      console.log(`| ${labels[key]} | nginx: not available | | | |`);
      continue;
    }
    console.log(
      `| ${labels[key]} | ${fmt(r.perSecond)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.perSecond / rows.a.perSecond, 2)} |`,
    );
  }
  console.log('');
  console.log(`- (c)/(a): ${ratio(rows.c, rows.a)}`);
  console.log(`- (c)/(b): ${rows.b ? ratio(rows.c, rows.b) : 'nginx: not available'}`);
  console.log(
    `- tracing on/off, every request traced: ${ratio(rows.t, rows.c)} (${fmt(sink.received.batches)} span batches, ${fmt(sink.received.bytes / 1e6, 1)} MB exported in both traced runs)`,
  );
  console.log(`- tracing on/off, ${SAMPLE_RATIO * 100}% sampled: ${ratio(rows.s, rows.c)}`);
  console.log(
    `\nAll on this machine at once (load generator, services, PostgreSQL${rows.b ? ', nginx' : ''}); total ${fmt((Date.now() - started) / 1000)} s.`,
  );
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  console.error(`bench:lookups failed: ${err.stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
