import type { Dataset } from '@ndg/contracts';
import { Pool } from 'undici';
import { GatewayError } from '../gateway-errors.js';

/** Largest registry answer read; a batch of 1000 records fits comfortably. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** What a registry said about a set of ids, before its contract is checked. */
export interface RegistryAnswer {
  readonly records: readonly unknown[];
  readonly missing: readonly string[];
}

/** Fetches records from the registry that owns a dataset, over keep-alive connections (one undici Pool each). */
export class RegistryClient {
  private readonly pools = new Map<Dataset, Pool>();

  constructor(
    private readonly origins: Readonly<Record<Dataset, string>>,
    private readonly timeoutMs: number,
  ) {
    for (const [dataset, origin] of Object.entries(origins) as [Dataset, string][]) {
      this.pools.set(
        dataset,
        new Pool(origin, { connections: 32, keepAliveTimeout: 10_000, connectTimeout: timeoutMs }),
      );
    }
  }

  /** The records the registry holds for `ids` and the ids it does not hold. */
  async fetch(dataset: Dataset, ids: readonly string[]): Promise<RegistryAnswer> {
    if (ids.length === 1) {
      const id = ids[0] as string;
      const { status, body } = await this.call(dataset, 'GET', `/internal/records/${encodeURIComponent(id)}`);
      if (status === 404) return { records: [], missing: [id] };
      if (status !== 200)
        throw GatewayError.of('registryUnavailable', `the ${dataset} registry answered ${status}`);
      return { records: [this.json(dataset, body)], missing: [] };
    }
    const { status, body } = await this.call(
      dataset,
      'POST',
      '/internal/records/batch',
      JSON.stringify({ ids }),
    );
    if (status !== 200)
      throw GatewayError.of('registryUnavailable', `the ${dataset} registry answered ${status}`);
    const answer = this.json(dataset, body) as Partial<RegistryAnswer> | null;
    if (
      answer === null ||
      typeof answer !== 'object' ||
      !Array.isArray(answer.records) ||
      !Array.isArray(answer.missing) ||
      !answer.missing.every((m) => typeof m === 'string')
    ) {
      throw new RegistryContractError(dataset, 'batch-shape', 'the batch answer is not { records, missing }');
    }
    return { records: answer.records, missing: answer.missing };
  }

  /** Status code of the registry's /health, or undefined when it does not answer at all. */
  async ping(dataset: Dataset): Promise<number | undefined> {
    try {
      return (await this.call(dataset, 'GET', '/health')).status;
    } catch {
      return undefined;
    }
  }

  origin(dataset: Dataset): string {
    return this.origins[dataset];
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }

  private async call(
    dataset: Dataset,
    method: 'GET' | 'POST',
    path: string,
    body?: string,
  ): Promise<{ status: number; body: string }> {
    const pool = this.pools.get(dataset);
    if (!pool) throw GatewayError.of('registryUnavailable', `no registry configured for ${dataset}`);
    try {
      const res = await pool.request({
        method,
        path,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_ANSWER_BYTES) {
          res.body.destroy();
          throw new RegistryContractError(dataset, 'too-large', 'the answer is larger than allowed');
        }
        chunks.push(chunk as Buffer);
      }
      return { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') };
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      throw GatewayError.of('registryUnavailable', `the ${dataset} registry could not be reached`);
    }
  }

  private json(dataset: Dataset, body: string): unknown {
    try {
      return JSON.parse(body);
    } catch {
      throw new RegistryContractError(dataset, 'not-json', 'the answer is not JSON');
    }
  }
}

/** A registry answer that breaks its contract: 502, logged without the body, nothing passed on. */
export class RegistryContractError extends GatewayError {
  constructor(
    readonly dataset: Dataset,
    readonly reason: string,
    detail: string,
  ) {
    const e = GatewayError.of(
      'contractViolation',
      `the ${dataset} registry answered outside its contract (${reason})`,
    );
    super(e.code, e.status, e.title, `${e.detail}: ${detail}`);
  }
}
