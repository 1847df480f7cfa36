import type {
  Citizen,
  Dataset,
  Enterprise,
  LookupBatchResult,
  LookupResponse,
  Participant,
} from '@ndg/contracts';

/** The record type behind each dataset id. */
export interface DatasetRecords {
  'population.citizen': Citizen;
  'business.enterprise': Enterprise;
  'insurance.participant': Participant;
}

/** A lookup answer: the record projected to the granted fields, so every field may be absent. */
export interface RecordLookup<D extends Dataset> extends Omit<LookupResponse, 'data' | 'dataset'> {
  readonly dataset: D;
  readonly data: Partial<DatasetRecords[D]>;
}

/** One subject of a batch, in request order; `found: false` for missing and out-of-scope alike. */
export interface BatchLookupItem<D extends Dataset> extends Omit<LookupBatchResult, 'data'> {
  readonly data?: Partial<DatasetRecords[D]>;
}

export interface BatchLookup<D extends Dataset> {
  readonly dataset: D;
  readonly results: BatchLookupItem<D>[];
}

/** What a verify asks: the subject and the claimed values, by field path (e.g. `fullName`, `dateOfBirth`). */
export interface VerifyClaims {
  readonly subject: string;
  readonly [field: string]: string | number | boolean;
}
