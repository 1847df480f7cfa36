import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';

/** 1-based position in a source text. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A parsed YAML (or JSON) text that can say where a JSON pointer lands in the source. */
export interface LocatedDocument {
  readonly value: unknown;
  /** Syntax errors with their positions; the value is unusable when there is any. */
  readonly errors: readonly { readonly position: SourcePosition; readonly message: string }[];
  locate(pointer: string): SourcePosition;
}

function decodeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/**
 * Parses with the `yaml` package (YAML 1.2 core schema, so `2026-01-01` stays a string and JSON
 * parses too) and keeps node ranges so schema errors can be reported at the offending line.
 */
export function parseLocated(text: string): LocatedDocument {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true });
  const at = (offset: number): SourcePosition => {
    const { line, col } = counter.linePos(offset);
    return { line, column: col };
  };
  const errors = doc.errors.map((error) => ({
    position: error.linePos?.[0]
      ? { line: error.linePos[0].line, column: error.linePos[0].col }
      : at(error.pos[0]),
    // prettyErrors appends a source excerpt after the first line; the position already says where.
    message: error.message.split('\n')[0] ?? error.code,
  }));
  return {
    value: errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined,
    errors,
    locate(pointer: string): SourcePosition {
      let node: unknown = doc.contents;
      let offset = (node as Node | null)?.range?.[0] ?? 0;
      const tokens = pointer === '' ? [] : pointer.split('/').slice(1).map(decodeToken);
      for (const [index, token] of tokens.entries()) {
        const last = index === tokens.length - 1;
        if (isMap(node)) {
          const pair = node.items.find((item) => keyText(item.key) === token);
          if (pair === undefined) break;
          const keyOffset = (pair.key as Node | null)?.range?.[0];
          // The last token names the field itself: point at its key, where a reader looks for it.
          if (last && keyOffset !== undefined) {
            offset = keyOffset;
            break;
          }
          node = pair.value;
          offset = (node as Node | null)?.range?.[0] ?? keyOffset ?? offset;
        } else if (isSeq(node)) {
          const item: unknown = node.items[Number(token)];
          if (item === undefined) break;
          node = item;
          offset = (node as Node | null)?.range?.[0] ?? offset;
        } else {
          break;
        }
      }
      return at(offset);
    },
  };
}
