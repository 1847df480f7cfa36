import { getContracts, type ContractRegistry } from '@ndg/contracts';
import { DATASETS } from '../datasets.js';
import { RegistryContractError } from '../registry-client.js';
import type { LookupContext, LookupStage } from '../lookup-context.js';

/**
 * Every record must satisfy its contract and be one of the ids asked for; one bad record fails the
 * whole answer (502), so nothing from a misbehaving registry reaches an agency.
 */
export class ValidateRecordStage implements LookupStage {
  readonly name = 'validate-record';

  constructor(
    private readonly onRejection: (contract: string, reason: string) => void = () => undefined,
    private readonly contracts: ContractRegistry = getContracts(),
  ) {}

  run(ctx: LookupContext): void {
    const { dataset, subjects } = ctx.input;
    const { schemaId, idField } = DATASETS[dataset];
    const asked = new Set(subjects);
    const records = new Map<string, Record<string, unknown>>();
    for (const raw of ctx.fetched ?? []) {
      const result = this.contracts.validate(schemaId, raw);
      if (!result.ok) this.reject(schemaId, 'schema', `a record breaks ${schemaId}`);
      const record = raw as Record<string, unknown>;
      const id = record[idField];
      if (typeof id !== 'string' || !asked.has(id))
        this.reject(schemaId, 'unexpected-id', 'a record has an id that was not asked for');
      if (records.has(id as string)) this.reject(schemaId, 'duplicate', 'a record came twice');
      records.set(id as string, record);
    }
    ctx.records = records;
  }

  private reject(contract: string, reason: string, detail: string): never {
    this.onRejection(contract, reason);
    throw new RegistryContractError(this.datasetOf(contract), reason, detail);
  }

  private datasetOf(contract: string) {
    const entry = Object.entries(DATASETS).find(([, d]) => d.schemaId === contract);
    return (entry?.[0] ?? 'population.citizen') as keyof typeof DATASETS;
  }
}
