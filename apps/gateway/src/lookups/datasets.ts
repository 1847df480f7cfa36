import type { Dataset } from '@ndg/contracts';
import { DATASET_RECORD_SCHEMAS } from '@ndg/policy';

/** Per dataset: the record contract, the field holding the id, and the id pattern. */
export const DATASETS: Readonly<
  Record<Dataset, { readonly schemaId: string; readonly idField: string; readonly idPattern: RegExp }>
> = {
  'population.citizen': {
    schemaId: DATASET_RECORD_SCHEMAS['population.citizen'],
    idField: 'personalId',
    idPattern: /^[0-9]{12}$/,
  },
  'business.enterprise': {
    schemaId: DATASET_RECORD_SCHEMAS['business.enterprise'],
    idField: 'enterpriseCode',
    idPattern: /^[0-9]{10}(-[0-9]{3})?$/,
  },
  'insurance.participant': {
    schemaId: DATASET_RECORD_SCHEMAS['insurance.participant'],
    idField: 'socialInsuranceNumber',
    idPattern: /^[0-9]{10}$/,
  },
};

export function isDataset(value: string): value is Dataset {
  return Object.hasOwn(DATASETS, value);
}
