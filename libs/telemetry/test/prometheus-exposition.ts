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

/** Parses `text`; returns the problems found (empty when valid) and the sample lines by family. */
export function checkExposition(text: string): { errors: string[]; samples: Map<string, string[]> } {
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
