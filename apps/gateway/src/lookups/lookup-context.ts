import type { Dataset } from '@ndg/contracts';
import type { GrantedAccess } from '@ndg/policy';
import type { Principal } from '../auth/jwt-authenticator.js';

/** What the agency asked, after input validation (ids, fields and parameters already checked). */
export interface LookupInput {
  readonly dataset: Dataset;
  readonly operation: 'lookup' | 'verify';
  /** Record ids in request order, without duplicates. */
  readonly subjects: readonly string[];
  /** Requested field selectors; absent = everything granted. */
  readonly fields?: readonly string[];
  /** Verify only: field path → claimed value. */
  readonly claims?: Readonly<Record<string, string | number | boolean>>;
  /** Purpose and case named in the body (batch / verify); must equal the token's. */
  readonly bodyPurpose?: string;
  readonly bodyCaseRef?: string;
  readonly authorization: string | undefined;
  readonly traceId: string;
}

/** Per subject, what the chain decided. */
export interface SubjectResult {
  readonly subject: string;
  readonly outcome: 'allowed' | 'not-found' | 'out-of-scope';
  /** Lookup: the projected record; absent unless allowed. */
  readonly data?: Record<string, unknown>;
  readonly version?: number;
  /** Verify: whether every claim matched (false when not found or out of scope). */
  readonly match?: boolean;
}

/** Filled in stage by stage; each stage reads what earlier stages wrote. */
export interface LookupContext {
  readonly input: LookupInput;
  readonly now: number;
  principal?: Principal;
  grant?: GrantedAccess;
  /** Raw registry records (untrusted until validate-record ran). */
  fetched?: readonly unknown[];
  /** Records that passed their contract. */
  records?: ReadonlyMap<string, Record<string, unknown>>;
  /** Records inside the grant's row scope. */
  visible?: ReadonlyMap<string, Record<string, unknown>>;
  results?: readonly SubjectResult[];
  audited?: boolean;
}

/** One step of the chain; throws a GatewayError to refuse. */
export interface LookupStage {
  readonly name: string;
  run(ctx: LookupContext): Promise<void> | void;
}
