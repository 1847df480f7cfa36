import type { Dataset } from '@ndg/contracts';
import { DATASETS } from '../datasets.js';
import { RegistryContractError, type RegistryAnswer } from '../registry-client.js';
import type { LookupContext, LookupStage } from '../lookup-context.js';

/**
 * Asks the registry that owns the dataset; ids it does not hold are simply absent from `fetched`.
 * An answer that is not even readable (too large, not JSON, not the batch shape) counts as a
 * contract rejection, like a record that breaks its schema.
 */
export class FetchStage implements LookupStage {
  readonly name = 'fetch';

  constructor(
    private readonly registry: { fetch(dataset: Dataset, ids: readonly string[]): Promise<RegistryAnswer> },
    private readonly onRejection: (contract: string, reason: string) => void = () => undefined,
  ) {}

  async run(ctx: LookupContext): Promise<void> {
    try {
      const answer = await this.registry.fetch(ctx.input.dataset, ctx.input.subjects);
      ctx.fetched = answer.records;
    } catch (err) {
      if (err instanceof RegistryContractError) this.onRejection(DATASETS[err.dataset].schemaId, err.reason);
      throw err;
    }
  }
}
