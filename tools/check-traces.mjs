#!/usr/bin/env node
// npm run check:traces — with `npm start` running: records a death in the population registry
// (the write whose events the insurance and business registries react to), looks a record up
// through the gateway if a demo agency key exists (`npm run demo:agency`), then asks Zipkin for
// the traces and opens the write's trace in headless Chromium, checking that the page shows at
// least three services, and saves a screenshot to .local/zipkin-trace.png.
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

async function findWriteTrace(since) {
  for (let i = 0; i < 40; i++) {
    const res = await fetch(`${ZIPKIN}/api/v2/traces?serviceName=population-registry&spanName=post&endTs=${Date.now()}&lookback=${Date.now() - since + 60_000}&limit=20`);
    const traces = res.ok ? await res.json() : [];
    for (const trace of traces) {
      const services = new Set(trace.map((s) => s.localEndpoint?.serviceName));
      if (services.size >= 3 && trace.some((s) => s.name?.startsWith('send registry.population.citizen'))) {
        return { traceId: trace[0].traceId, services };
      }
    }
    await sleep(500);
  }
  return undefined;
}

async function lookupThroughGateway() {
  const script = join(repoRoot, 'tools', 'demo-agency.mjs');
  if (!existsSync(script) || !existsSync(join(repoRoot, '.local', 'agencies'))) return 'skipped (run `npm run demo:agency` once to register a demo agency)';
  try {
    const demo = await import(script);
    if (typeof demo.demoLookup !== 'function') return 'skipped (demo-agency has no demoLookup)';
    const status = await demo.demoLookup();
    return `gateway answered ${status}`;
  } catch (err) {
    return `failed: ${err.message}`;
  }
}

async function screenshot(traceId, services) {
  if (!existsSync(CHROMIUM)) fail(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${ZIPKIN}/zipkin/traces/${traceId}`, { waitUntil: 'networkidle' });
    await page.waitForFunction((names) => names.every((n) => document.body.innerText.toLowerCase().includes(n)), [...services], { timeout: 20_000 });
    mkdirSync(join(repoRoot, '.local'), { recursive: true });
    const file = join(repoRoot, '.local', 'zipkin-trace.png');
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
  console.log(`› lookup through the gateway: ${await lookupThroughGateway()}`);
  const found = await findWriteTrace(since);
  if (!found) fail('Zipkin shows no trace of the write across three services');
  console.log(`› trace ${found.traceId} spans ${[...found.services].sort().join(', ')}`);
  const file = await screenshot(found.traceId, found.services);
  console.log(`✔ the Zipkin UI shows the trace across ${found.services.size} services; screenshot: ${file}`);
}

await main();
