#!/usr/bin/env node
// npm run bench:lookups — what the gateway's chain costs per lookup, measured side by side in one
// run on this machine: (a) straight to the population registry's internal API, (b) through nginx
// as a plain reverse proxy, (c) through the gateway (authenticate, policy, contract validation,
// projection, audit), and (c) again with OpenTelemetry tracing exporting to a Zipkin endpoint.
// Real PostgreSQL and Kafka from `infra:up`, fresh databases, built services as child processes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { generateKeyPair, exportJWK, jwtVerify } from 'jose';
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
// Traced services take longer to reach a steady state (more code to optimise, more garbage): a
// short warm-up measured them mid-way, the first round slower than the last by up to 25%.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
// Short rounds keep each pair of cases close in time; the ratios are medians over the rounds.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
// Off by default, as the chain has no rate limit; BENCH_RATE_LIMIT=1 gives the bench grant
// one (a bucket row in PostgreSQL, locked once per batch of concurrent takes).
const RATE_LIMITED = process.env.BENCH_RATE_LIMIT === '1';
// What the traced services export with: zipkin (as `npm start`) or otlp (http/protobuf, as deployed).
const EXPORTER = process.env.BENCH_EXPORTER ?? 'zipkin';
if (!['zipkin', 'otlp'].includes(EXPORTER)) throw new Error('BENCH_EXPORTER must be zipkin or otlp');
const SAMPLE_RATIO = Number(process.env.BENCH_SAMPLE_RATIO ?? 0.1);
// BENCH_CASES=c,t runs only those rows (a, b, c, t, s), e.g. while profiling one of them.
const CASES = new Set((process.env.BENCH_CASES ?? 'a,b,c,t,s').split(',').map((c) => c.trim()));
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
      ...(process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
        : []),
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
              ...(EXPORTER === 'zipkin'
                ? {
                    OTEL_TRACES_EXPORTER: 'zipkin',
                    OTEL_EXPORTER_ZIPKIN_ENDPOINT: `${tracing.origin}/api/v2/spans`,
                  }
                : {
                    OTEL_TRACES_EXPORTER: 'otlp',
                    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
                    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${tracing.origin}/v1/traces`,
                  }),
              ...(tracing.sampleRatio === undefined
                ? {}
                : {
                    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
                    OTEL_TRACES_SAMPLER_ARG: String(tracing.sampleRatio),
                  }),
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
  return { url, stop, pid: child.pid };
}

/** A Zipkin endpoint that accepts span batches and drops them, so export cost is paid but nothing stored. */
async function startSpanSink() {
  const received = { batches: 0, bytes: 0, spans: new Map() };
  // BENCH_SPAN_NAMES=1 counts spans by service and name (parsing costs the load generator CPU).
  const countSpans = process.env.BENCH_SPAN_NAMES === '1';
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => {
      received.bytes += chunk.length;
      if (countSpans) chunks.push(chunk);
    });
    req.on('end', () => {
      received.batches++;
      if (countSpans && req.url === '/api/v2/spans')
        for (const span of JSON.parse(Buffer.concat(chunks).toString('utf8'))) {
          const key = `${span.localEndpoint?.serviceName} ${span.kind ?? ''} ${span.name}`;
          received.spans.set(key, (received.spans.get(key) ?? 0) + 1);
        }
      res.writeHead(202).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { origin: `http://127.0.0.1:${server.address().port}`, received };
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
  return { url, pid: child.pid };
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
    seconds,
    perSecond: requests.length / seconds,
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    latencies: sorted,
    failures,
    firstFailure,
  };
}

/** Clock ticks per second of /proc/<pid>/stat, or undefined where there is no /proc. */
const CLOCK_TICKS = (() => {
  if (!existsSync('/proc/self/stat')) return undefined;
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout.trim()) || 100;
})();

/** CPU seconds (user + system) a process and its children's threads used so far; 0 once it is gone. */
function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Pids whose command name starts with `prefix` (every PostgreSQL backend, nginx's workers…). */
function pidsNamed(prefix) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith(prefix)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * CPU used by each part while `run` goes: where a lookup's cost lands. Backends that start or end
 * during the run are counted from when they are first or until they are last seen.
 */
async function cpuDuring(parts, run) {
  if (CLOCK_TICKS === undefined) return { result: await run(), cpu: undefined };
  const sample = () =>
    Object.fromEntries(
      Object.entries(parts).map(([name, pids]) => [
        name,
        new Map((typeof pids === 'function' ? pids() : pids).map((pid) => [pid, cpuSecondsOf(pid)])),
      ]),
    );
  const self0 = process.cpuUsage();
  const before = sample();
  const result = await run();
  const after = sample();
  const self = process.cpuUsage(self0);
  const cpu = { 'load generator': (self.user + self.system) / 1e6 };
  for (const [name, end] of Object.entries(after)) {
    let used = 0;
    for (const [pid, t] of end) used += t - (before[name].get(pid) ?? 0);
    cpu[name] = Math.max(0, used);
  }
  return { result, cpu };
}

/** CPU per jose `jwtVerify` of a fresh ES256 agency token, as the gateway does it once per lookup. */
async function verifyCost(signer, publicKey) {
  const tokens = await Promise.all(Array.from({ length: 3000 }, () => signer.token()));
  const options = { algorithms: ['ES256'], audience: 'ndg-gateway' };
  for (const token of tokens.slice(0, 500)) await jwtVerify(token, publicKey, options);
  const timed = tokens.slice(500);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const token of timed) await jwtVerify(token, publicKey, options);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { cpu: (cpu.user + cpu.system) / timed.length, perSecond: timed.length / seconds };
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

  const platform = async (label, tracing) => {
    const registry = await startService(
      'population-registry',
      {
        NDG_POPULATION_DATABASE_URL: populationUrl,
        KAFKA_BROKERS: kafka.brokers.join(','),
        OUTBOX_RELAY: 'false',
      },
      tracing,
    );
    const gatewayUrl = withDatabase(postgres.url, `bench_lookups_gateway_${label}_${suffix}`);
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

  // Every platform runs for the whole benchmark and the cases take turns, round after round, so
  // drift in what else the machine is doing lands on all of them alike.
  console.error('› starting the services (tracing off, tracing on, tracing sampled)');
  const sink = await startSpanSink();
  const plain = await platform('plain', undefined);
  const traced = CASES.has('t') ? await platform('traced', sink) : undefined;
  const sampled = CASES.has('s')
    ? await platform('sampled', { ...sink, sampleRatio: SAMPLE_RATIO })
    : undefined;
  const nginxBin = CASES.has('b') ? nginxBinary() : undefined;
  if (CASES.has('b') && !nginxBin) console.error('  nginx: not available');
  let nginx;
  if (nginxBin) {
    const proxyDir = join(dir, 'nginx');
    await mkdir(proxyDir);
    nginx = await startNginx(nginxBin, plain.registry.url, proxyDir);
  }
  const postgresPids = () => pidsNamed('postgres');
  const nginxWorkers = () => (nginx ? [nginx.pid, ...pidsNamed('nginx').filter((p) => p !== nginx.pid)] : []);
  const cases = {
    a: { origin: plain.registry.url, requests: registryRequests, parts: { registry: [plain.registry.pid] } },
    b: nginx && {
      origin: nginx.url,
      requests: registryRequests,
      parts: { nginx: nginxWorkers, registry: [plain.registry.pid] },
    },
    c: { origin: plain.gateway.url, requests: gatewayRequests, platform: plain },
    t: traced && { origin: traced.gateway.url, requests: gatewayRequests, platform: traced },
    s: sampled && { origin: sampled.gateway.url, requests: gatewayRequests, platform: sampled },
  };
  const order = ['a', 'b', 'c', 't', 's'].filter((k) => CASES.has(k) && cases[k]);
  for (const key of order) {
    const c = cases[key];
    c.parts ??= { gateway: [c.platform.gateway.pid], registry: [c.platform.registry.pid] };
    c.parts.postgres = postgresPids;
    c.rounds = [];
    c.latencies = [];
    c.cpu = {};
    console.error(`› warming up (${key})`);
    await drive(c.origin, await c.requests(WARMUP));
  }
  const perRound = Math.ceil(REQUESTS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    // A different case goes first each round.
    const turn = order.map((_, i) => order[(i + round) % order.length]);
    for (const key of turn) {
      const c = cases[key];
      const requests = await c.requests(perRound);
      const { result, cpu } = await cpuDuring(c.parts, () => drive(c.origin, requests));
      if (result.failures > 0)
        throw new Error(
          `(${key}): ${result.failures} of ${result.count} failed, first: ${result.firstFailure}`,
        );
      c.rounds.push(result);
      c.latencies.push(...result.latencies);
      for (const [part, seconds] of Object.entries(cpu ?? {})) c.cpu[part] = (c.cpu[part] ?? 0) + seconds;
      console.error(
        `  round ${round + 1}/${ROUNDS} (${key}): ${fmt(result.perSecond)} req/s, p50 ${fmt(result.p50, 2)} ms, p99 ${fmt(result.p99, 2)} ms`,
      );
    }
  }
  await Promise.all(
    [plain, traced, sampled].filter(Boolean).flatMap((p) => [p.gateway.stop(), p.registry.stop()]),
  );

  const rows = {};
  for (const key of order) {
    const c = cases[key];
    const seconds = c.rounds.reduce((sum, r) => sum + r.seconds, 0);
    const sorted = c.latencies.sort((x, y) => x - y);
    rows[key] = {
      count: sorted.length,
      perSecond: sorted.length / seconds,
      p50: pct(sorted, 50),
      p99: pct(sorted, 99),
      rounds: c.rounds,
      cpu: c.cpu,
    };
  }
  const median = (xs) => {
    const s = [...xs].sort((x, y) => x - y);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  /** Throughput ratio per round (the two ran minutes apart at most), then the median over rounds. */
  const ratio = (x, y) => {
    if (!x || !y) return 'not measured';
    const perRound = x.rounds.map((r, i) => r.perSecond / y.rounds[i].perSecond);
    return `${fmt(median(perRound), 2)}× req/s (rounds: ${perRound.map((v) => fmt(v, 2)).join(', ')}), ${fmt(x.p50 / y.p50, 2)}× p50, ${fmt(x.p99 / y.p99, 2)}× p99`;
  };
  console.log(
    `\n## bench:lookups — ${fmt(REQUESTS)} lookups per case in ${ROUNDS} interleaved rounds after ${fmt(WARMUP)} warm-up, ${CONCURRENCY} in flight, ${fmt(CITIZENS)} citizens, grant ${RATE_LIMITED ? 'with' : 'without'} rate limit, ${new Date().toISOString()}\n`,
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
      console.log(
        `| ${labels[key]} | ${key === 'b' && CASES.has('b') ? 'nginx: not available' : 'not measured'} | | | |`,
      );
      continue;
    }
    console.log(
      `| ${labels[key]} | ${fmt(r.perSecond)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${rows.a ? fmt(r.perSecond / rows.a.perSecond, 2) : '—'} |`,
    );
  }
  console.log('');
  console.log(`- (c)/(a): ${ratio(rows.c, rows.a)}`);
  console.log(`- (c)/(b): ${rows.b ? ratio(rows.c, rows.b) : 'nginx: not available'}`);
  console.log(
    `- tracing on/off, every request traced: ${ratio(rows.t, rows.c)} (${fmt(sink.received.batches)} span batches, ${fmt(sink.received.bytes / 1e6, 1)} MB exported by the traced runs)`,
  );
  console.log(`- tracing on/off, ${SAMPLE_RATIO * 100}% sampled: ${ratio(rows.s, rows.c)}`);
  if (sink.received.spans.size > 0) {
    console.log('\nSpans exported, by service, kind and name:\n');
    for (const [key, n] of [...sink.received.spans].sort((x, y) => y[1] - x[1]))
      console.log(`- ${key}: ${fmt(n)}`);
  }

  const parts = ['load generator', 'nginx', 'gateway', 'registry', 'postgres'];
  if (order.some((k) => rows[k].cpu['load generator'] !== undefined)) {
    console.log(
      '\nCPU per lookup, by process (µs of user + system time; the machine has ' +
        `${availableParallelism()} cores):\n`,
    );
    console.log(`| case | ${parts.join(' | ')} | total |`);
    console.log(`| --- |${parts.map(() => ' ---: |').join('')} ---: |`);
    for (const key of order) {
      const { cpu, count } = rows[key];
      const cells = parts.map((p) => (cpu[p] === undefined ? '—' : fmt((cpu[p] / count) * 1e6)));
      const total = Object.values(cpu).reduce((sum, v) => sum + v, 0);
      console.log(`| (${key}) | ${cells.join(' | ')} | ${fmt((total / count) * 1e6)} |`);
    }
  }
  if (rows.a && rows.b && rows.c && rows.c.cpu['load generator'] !== undefined) {
    // Where the 0.8 × (b) aim stands on this machine: at that rate, all cores together leave this
    // much CPU per lookup; the registry path as in (a) takes its share, the gateway gets the rest.
    const perLookup = (row) => (Object.values(row.cpu).reduce((sum, v) => sum + v, 0) / row.count) * 1e6;
    const target = 0.8 * rows.b.perSecond;
    const budget = (availableParallelism() * 1e6) / target - perLookup(rows.a);
    const gatewayCost =
      ((rows.c.cpu.gateway + rows.c.cpu.postgres - (rows.a.cpu.postgres / rows.a.count) * rows.c.count) /
        rows.c.count) *
      1e6;
    const verify = await verifyCost(signer, publicKey);
    console.log(
      `\nThe aim, (c) at 0.8 × (b) = ${fmt(target)} req/s, leaves the gateway and its PostgreSQL writes at most ${fmt(budget)} µs of CPU per lookup on ${availableParallelism()} cores (after the registry path of (a), ${fmt(perLookup(rows.a))} µs). They used ${fmt(gatewayCost)} µs; verifying one ES256 agency token with jose alone takes ${fmt(verify.cpu)} µs of CPU (${fmt(verify.perSecond)} verifications/s on one thread, measured in this process).`,
    );
  }
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
