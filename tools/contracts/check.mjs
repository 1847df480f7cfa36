// CI gate for contracts: (a) generated types are up to date, (b) every schema version is compatible
// with its predecessor under the family's mode (schemas/compatibility.json). Exits 1 on any failure.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultOutDir, generateTypes, schemasDir } from './generate-types.mjs';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const failures = [];

async function checkGeneratedTypes() {
  const tmp = await mkdtemp(join(tmpdir(), 'ndg-contract-types-'));
  try {
    const written = await generateTypes(tmp);
    for (const fresh of written) {
      const name = relative(tmp, fresh);
      const committedPath = join(defaultOutDir, name);
      const committed = await readFile(committedPath, 'utf8').catch(() => undefined);
      const expected = await readFile(fresh, 'utf8');
      if (committed === undefined) {
        failures.push(
          `generated types missing: ${relative(repoRoot, committedPath)} (run npm run contracts:generate)`,
        );
      } else if (committed !== expected) {
        failures.push(
          `generated types are stale: ${relative(repoRoot, committedPath)} (run npm run contracts:generate and commit)`,
        );
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function checkCompatibility() {
  // The checker is the library's pure code; build it first so this script never runs a stale copy.
  execFileSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-b', 'libs/contracts'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const { checkSchemaFamilies, readSchemaDirectory } = await import('../../libs/contracts/dist/src/index.js');
  const config = JSON.parse(await readFile(join(schemasDir, 'compatibility.json'), 'utf8'));
  const reports = checkSchemaFamilies(readSchemaDirectory(schemasDir), config);
  for (const report of reports) {
    const label = `${report.family}: ${report.previousId.split('/').pop()} -> ${report.nextId.split('/').pop()} (${report.mode})`;
    if (report.issues.length === 0) {
      console.log(`ok    ${label}`);
      continue;
    }
    console.log(`FAIL  ${label}`);
    for (const issue of report.issues) failures.push(`${label}: [${issue.kind}] ${issue.message}`);
  }
  if (reports.length === 0) console.log('no schema family has more than one version yet');
}

for (const step of [checkGeneratedTypes, checkCompatibility]) {
  try {
    await step();
  } catch (error) {
    failures.push(`${step.name} could not run: ${error instanceof Error ? error.message : String(error)}`);
  }
}
if (failures.length > 0) {
  console.error(`\ncontracts:check failed (${failures.length}):`);
  for (const failure of failures) console.error(`  - ${failure}`);
  process.exit(1);
}
console.log('contracts:check passed: generated types are current and every schema version is compatible');
