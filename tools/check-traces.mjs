#!/usr/bin/env node
// npm run check:traces — with `npm start` running: records a death in the population registry
// (the write whose events the insurance and business registries react to), looks a record up
// through the gateway as a demo agency (`npm run demo:agency`), then asks Zipkin for
// both traces and opens each in headless Chromium, checking that the page names every service
// in it (the write's spans three), and saves screenshots to .local/zipkin-{write,lookup}-trace.png.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { readState, repoRoot, fail, sleep } from './infra/local-state.mjs';

const ZIPKIN = process.env.ZIPKIN_URL ?? 'http://127.0.0.1:9411';
const POPULATION = 'http://127.0.0.1:3001';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function ok(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function query(database, sql) {
  const { withDatabase } = await import('@ndg/database');
  const server = process.env.DATABASE_URL ?? readState().postgres?.url;
  if (!server) fail('no PostgreSQL recorded: is `npm start` running?');
  const client = new pg.Client({ connectionString: withDatabase(server, database) });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A living citizen who is insured and, if possible, also a legal representative: their death touches three registries. */
async function pickCitizen() {
  const insured = await query('ndg_insurance', "select data->>'personalId' as id from participant where data->>'status' = 'active' limit 500");
  const reps = new Set(
    (await query('ndg_business', "select jsonb_array_elements_text(data->'legalRepresentativeIds') as id from enterprise where data->>'legalRepresentativeDeceased' is distinct from 'true'")).map((r) => r.id),
  );
  const ids = insured.map((r) => r.id);
  return ids.find((id) => reps.has(id)) ?? ids[0];
}

async function recordDeath(personalId) {
  const current = await fetch(`${POPULATION}/citizens/${personalId}`);
  if (!current.ok) fail(`citizen ${personalId} not found in the population registry (${current.status})`);
  const etag = current.headers.get('etag');
  const res = await fetch(`${POPULATION}/citizens/${personalId}/death`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'if-match': etag },
    body: JSON.stringify({ dateOfDeath: new Date(Date.now() + 7 * 3600_000 - 86_400_000).toISOString().slice(0, 10) }),
  });
  if (!res.ok) fail(`recording the death failed: ${res.status} ${await res.text()}`);
}

async function traceServices(traceId) {
  const res = await fetch(`${ZIPKIN}/api/v2/trace/${traceId}`);
  if (!res.ok) return new Set();
  return new Set((await res.json()).map((s) => s.localEndpoint?.serviceName).filter(Boolean));
}

/** One lookup as an agency would make it: `npm run demo:agency` registers a demo key and looks a citizen up through the SDK. */
function lookupThroughGateway() {
  const res = spawnSync(process.execPath, ['--disable-warning=TimeoutNegativeWarning', join(repoRoot, 'tools', 'demo-agency.mjs')], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (res.status !== 0 || !res.stdout.includes('✔ checked through @ndg/client')) {
    fail(`the demo lookup through the gateway failed: ${(res.stderr || res.stdout).trim().split('\n').slice(-2).join(' ')}`);
  }
}

async function findTrace(service, since, accept) {
  for (let i = 0; i < 40; i++) {
    const res = await fetch(`${ZIPKIN}/api/v2/traces?serviceName=${service}&endTs=${Date.now()}&lookback=${Date.now() - since + 60_000}&limit=50`);
    const traces = res.ok ? await res.json() : [];
    for (const trace of traces) {
      const services = new Set(trace.map((s) => s.localEndpoint?.serviceName));
      if (accept(trace, services)) return { traceId: trace[0].traceId, services, spans: trace.length };
    }
    await sleep(500);
  }
  return undefined;
}

async function screenshot({ traceId, services, spans }, file) {
  if (!existsSync(CHROMIUM)) fail(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // The UI renders only the span rows in view: make room for every row (about 30 px each).
    const page = await browser.newPage({ viewport: { width: 1400, height: Math.max(900, 400 + spans * 30) } });
    await page.goto(`${ZIPKIN}/zipkin/traces/${traceId}`, { waitUntil: 'networkidle' });
    await page.waitForFunction((names) => names.every((n) => document.body.innerText.toLowerCase().includes(n)), [...services], { timeout: 20_000 });
    await page.screenshot({ path: file, fullPage: true });
    return file;
  } finally {
    await browser.close();
  }
}

async function main() {
  if (!(await ok(`${ZIPKIN}/health`))) fail(`Zipkin does not answer at ${ZIPKIN}: start the platform with \`npm start\``);
  if (!(await ok(`${POPULATION}/health`))) fail('the population registry does not answer on :3001: start the platform with `npm start`');
  const since = Date.now();
  const personalId = await pickCitizen();
  if (!personalId) fail('no insured living citizen in the seeded data');
  await recordDeath(personalId);
  console.log('› recorded a death in the population registry');
  lookupThroughGateway();
  console.log('› looked a citizen up through the gateway (npm run demo:agency)');

  const write = await findTrace('population-registry', since, (trace, services) =>
    services.size >= 3 && trace.some((s) => s.name === 'send registry.population.citizen'),
  );
  if (!write) fail('Zipkin shows no trace of the write across three services');
  const lookup = await findTrace('gateway', since, (trace, services) =>
    services.has('population-registry') && trace.some((s) => s.localEndpoint?.serviceName === 'gateway' && s.kind === 'SERVER'),
  );
  if (!lookup) fail('Zipkin shows no trace of the lookup from the gateway into the population registry');
  const all = new Set([...write.services, ...lookup.services]);
  console.log(`› write  ${write.traceId}: ${[...write.services].sort().join(', ')}`);
  console.log(`› lookup ${lookup.traceId}: ${[...lookup.services].sort().join(', ')}`);
  mkdirSync(join(repoRoot, '.local'), { recursive: true });
  const files = [
    await screenshot(write, join(repoRoot, '.local', 'zipkin-write-trace.png')),
    await screenshot(lookup, join(repoRoot, '.local', 'zipkin-lookup-trace.png')),
  ];
  console.log(`✔ the Zipkin UI shows the two traces across ${all.size} services (${[...all].sort().join(', ')}); screenshots: ${files.join(', ')}`);
}

await main();
