import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SCHEMAS_DIR, readSchemaDirectory } from '../schema-files.js';
import type { SchemaDocument } from '../types.js';
import { checkCompatibility, checkSchemaFamilies, parseSchemaVersion } from './compatibility-check.js';
import type {
  CompatibilityChangeKind,
  CompatibilityConfig,
  CompatibilityMode,
} from './compatibility.types.js';

const DEFS: SchemaDocument = {
  $id: 'https://schemas.test/common/defs.v1.schema.json',
  $defs: {
    personalId: { type: 'string', pattern: '^[0-9]{12}$' },
    enterpriseCode: { type: 'string', pattern: '^[0-9]{10}$' },
  },
};

function person(
  version: number,
  patch: (
    properties: Record<string, Record<string, unknown>>,
    root: Record<string, unknown>,
  ) => void = () => {},
): SchemaDocument {
  const properties: Record<string, Record<string, unknown>> = {
    id: { $ref: '../common/defs.v1.schema.json#/$defs/personalId' },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    born: { type: 'string', format: 'date' },
    sex: { type: 'string', enum: ['male', 'female'] },
    children: { type: 'integer', minimum: 0, maximum: 30 },
    tags: { type: 'array', items: { type: 'string', maxLength: 10 } },
    address: {
      type: 'object',
      properties: { province: { type: 'string', pattern: '^[0-9]{2}$' }, line: { type: 'string' } },
      required: ['province'],
    },
  };
  const root: Record<string, unknown> = {
    $id: `https://schemas.test/population/person.v${version}.schema.json`,
    type: 'object',
    properties,
    required: ['id', 'name'],
    additionalProperties: false,
  };
  patch(properties, root);
  return root as unknown as SchemaDocument;
}

function issues(
  next: SchemaDocument,
  mode: CompatibilityMode = 'BACKWARD',
  previous: SchemaDocument = person(1),
) {
  return checkCompatibility({ previous, next, mode, documents: [DEFS] });
}

describe('checkCompatibility', () => {
  it('finds nothing between identical versions in FULL mode', () => {
    assert.deepEqual(issues(person(2), 'FULL'), []);
  });

  it('accepts an added optional property under BACKWARD', () => {
    assert.deepEqual(issues(person(2, (p) => (p['email'] = { type: 'string', format: 'email' }))), []);
  });

  const cases: {
    name: string;
    mode: CompatibilityMode;
    next: SchemaDocument;
    previous?: SchemaDocument;
    kind: CompatibilityChangeKind;
    path: string;
  }[] = [
    {
      name: 'removed property',
      mode: 'BACKWARD',
      next: person(2, (p) => delete p['born']),
      kind: 'property-removed',
      path: '/born',
    },
    {
      name: 'removed required property',
      mode: 'FORWARD',
      next: person(2, (p, r) => {
        delete p['name'];
        r['required'] = ['id'];
      }),
      kind: 'property-removed',
      path: '/name',
    },
    {
      name: 'newly required property',
      mode: 'BACKWARD',
      next: person(2, (_p, r) => (r['required'] = ['id', 'name', 'born'])),
      kind: 'required-added',
      path: '/born',
    },
    {
      name: 'no longer required property',
      mode: 'FORWARD',
      next: person(2, (_p, r) => (r['required'] = ['id'])),
      kind: 'required-removed',
      path: '/name',
    },
    {
      name: 'narrowed type',
      mode: 'BACKWARD',
      next: person(2, (p) => (p['children'] = { type: 'string' })),
      kind: 'type-narrowed',
      path: '/children',
    },
    {
      name: 'widened type',
      mode: 'FORWARD',
      next: person(2, (p) => (p['children'] = { type: ['integer', 'null'], minimum: 0, maximum: 30 })),
      kind: 'type-widened',
      path: '/children',
    },
    {
      name: 'removed enum value',
      mode: 'BACKWARD',
      next: person(2, (p) => (p['sex'] = { type: 'string', enum: ['male'] })),
      kind: 'enum-value-removed',
      path: '/sex',
    },
    {
      name: 'added enum value',
      mode: 'FORWARD',
      next: person(2, (p) => (p['sex'] = { type: 'string', enum: ['male', 'female', 'other'] })),
      kind: 'enum-value-added',
      path: '/sex',
    },
    {
      name: 'changed pattern',
      mode: 'BACKWARD',
      next: person(
        2,
        (p) =>
          (p['address'] = {
            ...p['address'],
            properties: { province: { type: 'string', pattern: '^[0-9]{3}$' }, line: { type: 'string' } },
          }),
      ),
      kind: 'pattern-changed',
      path: '/address/province',
    },
    {
      name: 'lowered maxLength',
      mode: 'BACKWARD',
      next: person(2, (p) => (p['name'] = { type: 'string', minLength: 1, maxLength: 50 })),
      kind: 'constraint-tightened',
      path: '/name',
    },
    {
      name: 'raised minLength',
      mode: 'BACKWARD',
      next: person(2, (p) => (p['name'] = { type: 'string', minLength: 2, maxLength: 100 })),
      kind: 'constraint-tightened',
      path: '/name',
    },
    {
      name: 'raised minimum',
      mode: 'BACKWARD',
      next: person(2, (p) => (p['children'] = { type: 'integer', minimum: 1, maximum: 30 })),
      kind: 'constraint-tightened',
      path: '/children',
    },
    {
      name: 'lowered maximum',
      mode: 'BACKWARD',
      next: person(2, (p) => (p['children'] = { type: 'integer', minimum: 0, maximum: 20 })),
      kind: 'constraint-tightened',
      path: '/children',
    },
    {
      name: 'tightened array items',
      mode: 'BACKWARD',
      next: person(2, (p) => (p['tags'] = { type: 'array', items: { type: 'string', maxLength: 5 } })),
      kind: 'constraint-tightened',
      path: '/tags/*',
    },
    {
      name: 'raised maxLength',
      mode: 'FORWARD',
      next: person(2, (p) => (p['name'] = { type: 'string', minLength: 1, maxLength: 200 })),
      kind: 'constraint-loosened',
      path: '/name',
    },
    {
      name: 'changed format',
      mode: 'BACKWARD',
      next: person(2, (p) => (p['born'] = { type: 'string', format: 'date-time' })),
      kind: 'format-changed',
      path: '/born',
    },
    {
      name: 'closed additionalProperties',
      mode: 'BACKWARD',
      next: person(2, (p) => (p['address'] = { ...p['address'], additionalProperties: false })),
      kind: 'additional-properties-closed',
      path: '/address',
    },
    {
      name: 'opened additionalProperties',
      mode: 'FORWARD',
      next: person(2, (_p, r) => delete r['additionalProperties']),
      kind: 'additional-properties-opened',
      path: '',
    },
    {
      name: 'property added under a closed schema',
      mode: 'FORWARD',
      next: person(2, (p) => (p['email'] = { type: 'string' })),
      kind: 'property-added-to-closed-schema',
      path: '/email',
    },
    {
      name: 'changed $ref target',
      mode: 'BACKWARD',
      next: person(2, (p) => (p['id'] = { $ref: '../common/defs.v1.schema.json#/$defs/enterpriseCode' })),
      kind: 'ref-changed',
      path: '/id',
    },
    {
      name: 'a FULL family adding an enum value',
      mode: 'FULL',
      next: person(2, (p) => (p['sex'] = { type: 'string', enum: ['male', 'female', 'other'] })),
      kind: 'enum-value-added',
      path: '/sex',
    },
  ];

  for (const { name, mode, next, previous, kind, path } of cases) {
    it(`catches ${name} under ${mode}`, () => {
      const found = issues(next, mode, previous);
      assert.ok(
        found.some((issue) => issue.kind === kind && issue.path === path),
        `expected ${kind} at ${path || '(root)'}, got ${JSON.stringify(found)}`,
      );
      for (const issue of found) assert.ok(issue.message.length > 0);
    });
  }

  it('lets changes through in the direction the mode does not protect', () => {
    assert.deepEqual(
      issues(
        person(2, (p) => (p['sex'] = { type: 'string', enum: ['male', 'female', 'other'] })),
        'BACKWARD',
      ),
      [],
    );
    assert.deepEqual(
      issues(
        person(2, (_p, r) => (r['required'] = ['id', 'name', 'born'])),
        'FORWARD',
      ),
      [],
    );
    assert.deepEqual(
      issues(
        person(2, (p) => delete p['born']),
        'NONE',
      ),
      [],
    );
  });

  it('sees through $ref + allOf, so record -> fields splits compare by content', () => {
    const split = (version: number, extra: Record<string, unknown>): SchemaDocument => ({
      $id: `https://schemas.test/x/rec.v${version}.schema.json`,
      type: 'object',
      $ref: '#/$defs/fields',
      unevaluatedProperties: false,
      $defs: { fields: { type: 'object', properties: { a: { type: 'string' }, ...extra }, required: ['a'] } },
    });
    assert.deepEqual(
      checkCompatibility({
        previous: split(1, {}),
        next: split(2, { b: { type: 'string' } }),
        mode: 'BACKWARD',
      }),
      [],
    );
    const found = checkCompatibility({
      previous: split(1, { b: { type: 'string' } }),
      next: split(2, {}),
      mode: 'BACKWARD',
    });
    assert.deepEqual(
      found.map((i) => [i.kind, i.path]),
      [['property-removed', '/b']],
    );
  });
});

describe('checkSchemaFamilies', () => {
  it('parses family and version from an $id', () => {
    assert.deepEqual(parseSchemaVersion('https://schemas.ndg.gov.vn/business/enterprise.v2.schema.json'), {
      family: 'business/enterprise',
      version: 2,
    });
    assert.equal(parseSchemaVersion('https://schemas.ndg.gov.vn/business/enterprise.schema.json'), undefined);
  });

  it('passes on the repository schemas, which include a v2', () => {
    const documents = readSchemaDirectory();
    const config = JSON.parse(
      readFileSync(join(DEFAULT_SCHEMAS_DIR, 'compatibility.json'), 'utf8'),
    ) as CompatibilityConfig;
    const reports = checkSchemaFamilies(documents, config);
    assert.ok(
      reports.some(
        (r) => r.family === 'business/enterprise' && r.nextId.endsWith('enterprise.v2.schema.json'),
      ),
    );
    for (const report of reports)
      assert.deepEqual(report.issues, [], `${report.family}: ${JSON.stringify(report.issues)}`);
  });

  it('reports a breaking v2 with the family mode', () => {
    const reports = checkSchemaFamilies([DEFS, person(1), person(2, (p) => delete p['born'])], {
      default: 'BACKWARD',
      families: { 'population/person': 'FULL' },
    });
    assert.equal(reports.length, 1);
    assert.equal(reports[0]?.mode, 'FULL');
    assert.ok(reports[0]?.issues.some((i) => i.kind === 'property-removed' && i.path === '/born'));
  });
});
