// A strict line-by-line check of the Prometheus text exposition format 0.0.4, enough to
// catch what would make a scrape fail: bad names, bad label syntax, samples without a TYPE.

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
// Prometheus parses values with Go's ParseFloat, which takes NaN and Inf in any case; prom-client
// writes `Nan` for an empty event-loop histogram, so case-insensitive is what the scraper accepts.
const VALUE = '(?:[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?[iI][nN][fF]|[nN][aA][nN])';
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(?:${LABEL}(?:,${LABEL})*,?)?\\})? ${VALUE}(?: -?\\d+)?$`);

/** Parses a Prometheus text exposition; returns the problems found (empty when valid) and the sample lines by family. */
export function checkPrometheusExposition(text: string): {
  errors: string[];
  samples: Map<string, string[]>;
} {
  const errors: string[] = [];
  const types = new Map<string, string>();
  const samples = new Map<string, string[]>();
  if (!text.endsWith('\n')) errors.push('exposition must end with a newline');
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const type = TYPE.exec(line);
    if (type) {
      if (types.has(type[1]!)) errors.push(`line ${i + 1}: second TYPE for ${type[1]}`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (HELP.test(line)) continue;
    if (line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) {
      errors.push(`line ${i + 1}: not a valid sample: ${line}`);
      continue;
    }
    const family = familyOf(sample[1]!, types);
    if (family === undefined) {
      errors.push(`line ${i + 1}: sample ${sample[1]} has no TYPE line before it`);
      continue;
    }
    samples.set(family, [...(samples.get(family) ?? []), line]);
  }
  return { errors, samples };
}

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
    if (base && ['histogram', 'summary'].includes(types.get(base) ?? '')) return base;
  }
  return undefined;
}

export interface MetricsSnapshot {
  /** Problems that would make a Prometheus scrape fail (empty when valid). */
  errors: string[];
  /** Sum of the samples of `name` (e.g. `ndg_contract_rejections_total`, `http_server_request_duration_seconds_count`). */
  total(name: string): number;
  text: string;
}

/** Scrapes `<baseUrl>/metrics` and checks the exposition, for "metrics move when traffic flows" tests. */
export async function scrapeMetrics(baseUrl: string): Promise<MetricsSnapshot> {
  const res = await fetch(`${baseUrl}/metrics`);
  const text = await res.text();
  const { errors } = checkPrometheusExposition(text);
  if (!(res.headers.get('content-type') ?? '').startsWith('text/plain'))
    errors.push(`content-type ${res.headers.get('content-type')}`);
  return {
    errors,
    text,
    total: (name) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0),
  };
}

/**
 * Scrapes before and after `traffic`, checks both as valid exposition, and returns how much each
 * named sample total moved — for "/metrics moves when traffic flows" assertions.
 */
export async function metricsDelta(
  baseUrl: string,
  names: readonly string[],
  traffic: () => Promise<unknown>,
): Promise<Record<string, number>> {
  const before = await scrapeMetrics(baseUrl);
  await traffic();
  const after = await scrapeMetrics(baseUrl);
  const errors = [...before.errors, ...after.errors];
  if (errors.length > 0)
    throw new Error(`invalid Prometheus exposition at ${baseUrl}/metrics: ${errors.slice(0, 3).join('; ')}`);
  return Object.fromEntries(names.map((n) => [n, after.total(n) - before.total(n)]));
}
