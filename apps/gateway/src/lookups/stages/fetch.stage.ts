import type { Dataset } from '@ndg/contracts';
import type { RegistryAnswer } from '../registry-client.js';
import type { LookupContext, LookupStage } from '../lookup-context.js';

/** Asks the registry that owns the dataset; ids it does not hold are simply absent from `fetched`. */
export class FetchStage implements LookupStage {
  readonly name = 'fetch';

  constructor(
    private readonly registry: { fetch(dataset: Dataset, ids: readonly string[]): Promise<RegistryAnswer> },
  ) {}

  async run(ctx: LookupContext): Promise<void> {
    const answer = await this.registry.fetch(ctx.input.dataset, ctx.input.subjects);
    ctx.fetched = answer.records;
  }
}
