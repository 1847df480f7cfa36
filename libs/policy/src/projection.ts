type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A copy of the record holding only the given field paths. A path keeps its whole subtree
 * (`permanentAddress`), a nested path keeps just that leaf (`permanentAddress.provinceCode`), and a
 * field the record lacks stays absent rather than appearing as null.
 */
export function project(record: Readonly<JsonObject>, fields: readonly string[]): JsonObject {
  const wanted = new Set(fields);
  const out: JsonObject = {};
  for (const path of wanted) {
    const segments = path.split('.');
    // `__proto__` as a key would replace the copy's prototype instead of adding a field.
    if (segments.includes('__proto__')) continue;
    // A wider path copies the whole subtree; walking a narrower one into it would be redundant.
    if (segments.some((_, i) => i > 0 && wanted.has(segments.slice(0, i).join('.')))) continue;
    const found = lookup(record, segments);
    if (!found.present) continue;
    let target = out;
    for (const segment of segments.slice(0, -1)) {
      const existing = target[segment];
      target = isObject(existing) ? existing : (target[segment] = {});
    }
    target[segments.at(-1) ?? path] = structuredClone(found.value);
  }
  return out;
}

/** Present-or-absent lookup: an absent field must stay absent, not become undefined or an empty parent. */
function lookup(record: unknown, segments: readonly string[]): { present: boolean; value?: unknown } {
  let current: unknown = record;
  for (const segment of segments) {
    if (!isObject(current) || !Object.hasOwn(current, segment)) return { present: false };
    current = current[segment];
  }
  return { present: true, value: current };
}
