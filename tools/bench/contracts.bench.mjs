// Contract validation and synthetic-data throughput. Run with `npm run bench:contracts` (builds first).
// Prints markdown tables; every ratio compares against a baseline measured in the same run.
import {
  ContractRegistry,
  CONTRACT_SCHEMA_IDS,
  getContracts,
  readSchemaDirectory,
} from '../../libs/contracts/dist/src/index.js';
import {
  Population,
  generateCitizens,
  generateDataset,
  generateEnterprises,
  generateParticipants,
} from '../../libs/synthetic/dist/src/index.js';

const VALIDATION_BUDGET_MS = Number(process.env.BENCH_VALIDATION_MS ?? 1500);
const BASELINE_BUDGET_MS = Number(process.env.BENCH_BASELINE_MS ?? 600);
const NAIVE_BUDGET_MS = Number(process.env.BENCH_NAIVE_MS ?? 1000);
const GENERATION_COUNT = Number(process.env.BENCH_CITIZENS ?? 1_000_000);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `fn` over `inputs` round-robin until the budget is spent; per-call latencies in microseconds. */
function measure(inputs, fn, budgetMs, maxCalls = Infinity) {
  const latencies = [];
  const deadline = performance.now() + budgetMs;
  let i = 0;
  let sink = 0;
  const started = process.hrtime.bigint();
  while (latencies.length < maxCalls && (latencies.length < 5 || performance.now() < deadline)) {
    for (let batch = 0; batch < 256 && latencies.length < maxCalls; batch++) {
      const input = inputs[i++ % inputs.length];
      const t0 = process.hrtime.bigint();
      const out = fn(input);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
      if (out) sink++;
    }
  }
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  latencies.sort((a, b) => a - b);
  return {
    calls: latencies.length,
    perSecond: latencies.length / (elapsedMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    sink,
  };
}

const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const contracts = getContracts();
const documents = readSchemaDirectory();
const byId = new Map(documents.map((d) => [d.$id, d]));
const defs = byId.get('https://schemas.ndg.gov.vn/common/defs.v1.schema.json');

const data = generateDataset({ seed: 20260101, citizens: 6000, enterprises: 2000, participants: 2000 });
const residenceChanged = data.citizens
  .slice(0, 2000)
  .map((c) => ({ ...c, version: c.version + 1, changedFields: ['permanentAddress', 'version'] }));
const eventSchemaId = contracts.eventDataSchemaId('population.citizen.residence-changed');

const subjects = [
  {
    name: 'citizen',
    schemaId: CONTRACT_SCHEMA_IDS.citizen,
    inputs: data.citizens.slice(0, 2000),
    docs: [defs, byId.get(CONTRACT_SCHEMA_IDS.citizen)],
  },
  {
    name: 'enterprise',
    schemaId: CONTRACT_SCHEMA_IDS.enterprise,
    inputs: data.enterprises,
    docs: [defs, byId.get(CONTRACT_SCHEMA_IDS.enterprise)],
  },
  {
    name: 'participant',
    schemaId: CONTRACT_SCHEMA_IDS.participant,
    inputs: data.participants,
    docs: [defs, byId.get(CONTRACT_SCHEMA_IDS.participant)],
  },
  {
    name: 'event population.citizen.residence-changed',
    schemaId: eventSchemaId,
    inputs: residenceChanged,
    docs: [defs, byId.get(CONTRACT_SCHEMA_IDS.citizen), byId.get(eventSchemaId)],
  },
];

const rows = [];
for (const subject of subjects) {
  const validator = contracts.validatorFor(subject.schemaId);
  for (const input of subject.inputs) {
    const result = validator.validate(input);
    if (!result.ok) throw new Error(`${subject.name} fixture is invalid: ${JSON.stringify(result.errors)}`);
  }
  measure(subject.inputs, (x) => validator.validate(x).ok, 200); // warm-up (JIT)
  const cached = measure(subject.inputs, (x) => validator.validate(x).ok, VALIDATION_BUDGET_MS);
  const roundTrip = measure(subject.inputs, (x) => JSON.parse(JSON.stringify(x)), BASELINE_BUDGET_MS);
  const naive = measure(
    subject.inputs,
    (x) => new ContractRegistry(subject.docs).validatorFor(subject.schemaId).validate(x).ok,
    NAIVE_BUDGET_MS,
    200,
  );
  rows.push({ subject, cached, roundTrip, naive });
}

console.log(`\n## Contract validation (Node ${process.version}, ${VALIDATION_BUDGET_MS} ms per row)\n`);
console.log(
  '| schema | validations/s | p50 µs | p99 µs | JSON round-trip/s | vs round-trip | naive compile-per-call/s | vs naive |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const { subject, cached, roundTrip, naive } of rows) {
  console.log(
    `| ${subject.name} | ${fmt(cached.perSecond)} | ${fmt(cached.p50, 2)} | ${fmt(cached.p99, 2)} | ${fmt(roundTrip.perSecond)} | ${fmt(cached.perSecond / roundTrip.perSecond, 2)}x | ${fmt(naive.perSecond, 1)} | ${fmt(cached.perSecond / naive.perSecond, 0)}x |`,
  );
}
console.log(
  '\n"vs round-trip" > 1 means validating is faster than a JSON.parse(JSON.stringify(x)) copy of the same record;',
);
console.log(
  '"naive" builds a ContractRegistry (ajv instance + compile) for every call, which the cached validators avoid.',
);

const generation = [];
{
  const started = performance.now();
  const population = new Population();
  for (const citizen of generateCitizens(1, GENERATION_COUNT)) population.add(citizen);
  const ms = performance.now() - started;
  generation.push(['citizens (streamed into a Population)', GENERATION_COUNT, ms]);
  const enterpriseCount = 100_000;
  const t1 = performance.now();
  const enterprises = [...generateEnterprises(1, enterpriseCount, population)];
  generation.push(['enterprises', enterpriseCount, performance.now() - t1]);
  const participantCount = 200_000;
  const t2 = performance.now();
  let n = 0;
  for (const _ of generateParticipants(1, participantCount, population, enterprises)) n++;
  generation.push(['participants', n, performance.now() - t2]);
}
console.log('\n## Synthetic data generation (single thread)\n');
console.log('| records | count | seconds | records/s |');
console.log('|---|---:|---:|---:|');
for (const [name, count, ms] of generation) {
  console.log(`| ${name} | ${fmt(count)} | ${fmt(ms / 1000, 2)} | ${fmt(count / (ms / 1000))} |`);
}
console.log(`\nheap used at end: ${fmt(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
