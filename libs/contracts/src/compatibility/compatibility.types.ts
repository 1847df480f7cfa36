/** Like a schema registry: BACKWARD = readers of vN accept v(N-1) data; FORWARD = readers of v(N-1) accept vN data. */
export const COMPATIBILITY_MODES = ['BACKWARD', 'FORWARD', 'FULL', 'NONE'] as const;

/** One of {@link COMPATIBILITY_MODES}. */
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

/** Stable names of the changes the checker recognises. */
export type CompatibilityChangeKind =
  | 'property-removed'
  | 'required-added'
  | 'required-removed'
  | 'type-narrowed'
  | 'type-widened'
  | 'enum-value-removed'
  | 'enum-value-added'
  | 'const-changed'
  | 'constraint-tightened'
  | 'constraint-loosened'
  | 'pattern-changed'
  | 'format-changed'
  | 'additional-properties-closed'
  | 'additional-properties-opened'
  | 'property-added-to-closed-schema'
  | 'ref-changed'
  | 'conditional-changed';

/** A breaking change; `path` is a JSON pointer into the data (`/*` stands for any array item or map value). */
export interface CompatibilityIssue {
  readonly path: string;
  readonly kind: CompatibilityChangeKind;
  readonly message: string;
}

/** Compatibility modes per schema family (`<domain>/<name>`), as in schemas/compatibility.json. */
export interface CompatibilityConfig {
  readonly default: CompatibilityMode;
  readonly families?: Readonly<Record<string, CompatibilityMode>>;
}

/** Outcome of comparing one version of a family with the previous one. */
export interface FamilyCompatibilityReport {
  readonly family: string;
  readonly mode: CompatibilityMode;
  readonly previousId: string;
  readonly nextId: string;
  readonly issues: readonly CompatibilityIssue[];
}
