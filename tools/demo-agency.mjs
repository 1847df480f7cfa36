#!/usr/bin/env node
// npm run demo:agency -- [--agency moh] [--gateway http://127.0.0.1:3000] [--registry http://127.0.0.1:3001]
// For a running `npm start` platform: gives a demo agency an ES256 key pair (made once, kept in
// the git-ignored .local/agencies/<id>.private.jwk), registers its public key through the admin
// API, checks one lookup through @ndg/client, and prints a ready-to-paste curl and an SDK snippet.
// Admin token: ADMIN_TOKEN, else the fixed local default `npm start` gives the gateway.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { checkPolicyDocuments, formatPolicyIssue } from '@ndg/policy';
import { generateCitizens } from '@ndg/synthetic';
import { GatewayClient, GatewayError } from '@ndg/client';
import { fail, localDir, repoRoot } from './infra/local-state.mjs';

/** Not a secret: the local platform's admin token, so local tools can reach the admin API. Production requires its own. */
const LOCAL_ADMIN_TOKEN = 'ndg-local-admin-token';
// `npm start` seeds the registries with seed 42 and 200 citizens (tools/start.mjs).
const SEED = 42;
const SEEDED_CITIZENS = 200;
const DATASET = 'population.citizen';

function option(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

/** The agency's grant on the citizen dataset, from the same policy file the gateway loads. */
async function citizenGrant(agency) {
  const dir = process.env.POLICIES_DIR ?? join(repoRoot, 'apps/gateway/config/policies');
  const file = ['yaml', 'yml', 'json']
    .map((ext) => join(dir, `${agency}.${ext}`))
    .find((path) => existsSync(path));
  if (!file) fail(`no policy for "${agency}" in ${dir}: pick an agency that has one (e.g. --agency moh)`);
  const checked = checkPolicyDocuments([{ path: file, text: await readFile(file, 'utf8') }]);
  if (!checked.ok) fail(`${file} is refused: ${checked.issues.map(formatPolicyIssue).join('; ')}`);
  const grant = checked.documents[0]?.policy.grants.find(
    (g) => g.dataset === DATASET && g.operations.includes('lookup'),
  );
  if (!grant) fail(`${file} grants ${agency} no lookup on ${DATASET}`);
  return grant;
}

/** Made once and kept, so the registered public key and the local private key stay a pair across runs. */
async function agencyKey(agency) {
  const path = join(localDir, 'agencies', `${agency}.private.jwk`);
  if (existsSync(path)) return { path, created: false, privateJwk: JSON.parse(await readFile(path, 'utf8')) };
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid: `${agency}-local-1`, alg: 'ES256' };
  await mkdir(join(localDir, 'agencies'), { recursive: true });
  await writeFile(path, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600 });
  return { path, created: true, privateJwk };
}

function valueAt(record, path) {
  return path
    .split('.')
    .reduce((value, key) => (value && typeof value === 'object' ? value[key] : undefined), record);
}

/** A citizen `npm start` seeded, inside the grant's row scope, confirmed by the registry's internal API. */
async function seededCitizen(registry, grant) {
  const where = Object.entries(grant.where ?? {});
  const candidates = [...generateCitizens(SEED, SEEDED_CITIZENS)]
    .filter((c) => c.status === 'alive')
    .filter((c) => where.every(([path, allowed]) => allowed.includes(valueAt(c, path))));
  for (const citizen of candidates.slice(0, 20)) {
    const res = await fetch(`${registry}/internal/records/${citizen.personalId}`).catch((err) =>
      fail(
        `the population registry at ${registry} does not answer (${err.cause?.code ?? err.message}): is \`npm start\` running?`,
      ),
    );
    await res.body?.cancel();
    if (res.ok) return citizen;
  }
  return fail(
    `none of the citizens seeded by \`npm start\` (seed ${SEED}) is in ${registry}; was it started with SEED=0?`,
  );
}

async function register(gateway, adminToken, agency, privateJwk) {
  const { d: _private, ...publicJwk } = privateJwk;
  const res = await fetch(`${gateway}/admin/agencies/${agency}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: agency, name: `${agency} (local demo key)`, keys: [publicJwk] }),
  }).catch((err) =>
    fail(
      `the gateway at ${gateway} does not answer (${err.cause?.code ?? err.message}): is \`npm start\` running?`,
    ),
  );
  const text = await res.text();
  if (res.status === 401)
    fail(
      `the gateway refused the admin token. Run with ADMIN_TOKEN=<the token the gateway printed at start>, ` +
        `or start the platform with ADMIN_TOKEN=${LOCAL_ADMIN_TOKEN}.`,
    );
  if (!res.ok) fail(`registering ${agency} failed: ${res.status} ${text}`);
}

async function main() {
  const args = process.argv.slice(2);
  const agency = option(args, 'agency', 'moh');
  const gateway = option(args, 'gateway', 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const registry = option(args, 'registry', 'http://127.0.0.1:3001').replace(/\/+$/, '');
  const adminToken = process.env.ADMIN_TOKEN || LOCAL_ADMIN_TOKEN;

  const grant = await citizenGrant(agency);
  const key = await agencyKey(agency);
  await register(gateway, adminToken, agency, key.privateJwk);
  const citizen = await seededCitizen(registry, grant);
  const context = {
    officer: 'demo-officer-1',
    purpose: grant.purposes[0],
    caseReference: `DEMO-${new Date().toISOString().slice(0, 10)}`,
  };
  const client = new GatewayClient({
    baseUrl: gateway,
    agencyId: agency,
    privateKey: key.privateJwk,
    algorithm: 'ES256',
    // The longest the gateway accepts, to leave time to paste the curl.
    tokenLifetimeSeconds: 300,
    ...context,
  });
  try {
    let check;
    try {
      const { data } = await client.lookup(DATASET, citizen.personalId);
      check = `✔ checked through @ndg/client: ${DATASET} ${citizen.personalId} → ${JSON.stringify(data)}`;
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      check = `✖ the gateway refused the check: ${err.code} ${err.detail ?? ''}`;
    }
    const token = await client.token();
    console.log(
      [
        `✔ agency ${agency}: key ${key.privateJwk.kid} ${key.created ? 'created' : 'reused'} (${key.path}), public key registered at ${gateway}`,
        check,
        '',
        `# (a) one lookup with curl — the token is single-use (jti) and valid for 5 minutes; rerun \`npm run demo:agency\` for another`,
        `curl -sS -H 'Authorization: Bearer ${token}' \\`,
        `  '${gateway}/v1/datasets/${DATASET}/records/${citizen.personalId}'`,
        '',
        '// (b) the same through the SDK (@ndg/client)',
        `import { readFileSync } from 'node:fs';`,
        `import { GatewayClient } from '@ndg/client';`,
        `const privateKey = JSON.parse(readFileSync('.local/agencies/${agency}.private.jwk', 'utf8'));`,
        `const gateway = new GatewayClient({ baseUrl: '${gateway}', agencyId: '${agency}', privateKey, algorithm: 'ES256',`,
        `  officer: '${context.officer}', purpose: '${context.purpose}', caseReference: '${context.caseReference}' });`,
        `const { data } = await gateway.lookup('${DATASET}', '${citizen.personalId}'); // Partial<Citizen>`,
        `console.log(data);`,
        `const { match } = await gateway.verify('${DATASET}', { subject: '${citizen.personalId}', fullName: '${citizen.fullName}', dateOfBirth: '${citizen.dateOfBirth}' });`,
        `console.log({ match });`,
        `await gateway.close();`,
      ].join('\n'),
    );
  } finally {
    await client.close();
  }
}

main().catch((err) => fail(err?.message ?? String(err)));
