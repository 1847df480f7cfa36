import type { JsonSchema, SchemaDocument } from './types.js';

/** A subschema together with the $id of the document it lives in (the base for its relative refs). */
export interface ResolvedSchema {
  readonly schema: JsonSchema;
  readonly baseId: string;
}

/** Resolves `$ref`s across a set of schema documents; pure, no I/O. */
export class SchemaResolver {
  private readonly documents: ReadonlyMap<string, SchemaDocument>;

  constructor(documents: Iterable<SchemaDocument>) {
    this.documents = new Map([...documents].map((doc) => [doc.$id, doc]));
  }

  document(id: string): SchemaDocument | undefined {
    return this.documents.get(id);
  }

  /** Absolute form of a ref written in the document `baseId`. */
  absoluteRef(ref: string, baseId: string): string {
    return new URL(ref, baseId).href;
  }

  /** The subschema a ref points at, or undefined when the document or pointer does not exist. */
  resolve(ref: string, baseId: string): ResolvedSchema | undefined {
    const url = new URL(ref, baseId);
    const pointer = decodeURIComponent(url.hash.slice(1));
    url.hash = '';
    const doc = this.documents.get(url.href);
    if (doc === undefined) return undefined;
    let node: unknown = doc;
    if (pointer !== '') {
      for (const raw of pointer.split('/').slice(1)) {
        const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
        if (node === null || typeof node !== 'object') return undefined;
        node = (node as Record<string, unknown>)[token];
      }
    }
    if (typeof node === 'boolean' || (node !== null && typeof node === 'object' && !Array.isArray(node))) {
      return { schema: node as JsonSchema, baseId: doc.$id };
    }
    return undefined;
  }
}
