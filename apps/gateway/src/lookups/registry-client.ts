import type { Dataset } from '@ndg/contracts';
import { Pool } from 'undici';
import { withHttpClientSpan, type HttpClientCall } from '@ndg/telemetry';
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
  /** Per registry: its keep-alive pool and where it is, as a span names it. */
  private readonly registries = new Map<
    Dataset,
    { pool: Pool; target: Omit<HttpClientCall, 'method' | 'urlTemplate'> }
  >();

  constructor(
    private readonly origins: Readonly<Record<Dataset, string>>,
    private readonly timeoutMs: number,
  ) {
    for (const [dataset, origin] of Object.entries(origins) as [Dataset, string][]) {
      const url = new URL(origin);
      const scheme = url.protocol.replace(':', '');
      this.registries.set(dataset, {
        pool: new Pool(origin, {
          connections: 32,
          keepAliveTimeout: 10_000,
          connectTimeout: timeoutMs,
          maxResponseSize: MAX_ANSWER_BYTES,
        }),
        target: {
          scheme,
          serverAddress: url.hostname,
          serverPort: Number(url.port || (scheme === 'https' ? 443 : 80)),
        },
      });
    }
  }

  /** The records the registry holds for `ids` and the ids it does not hold. */
  async fetch(dataset: Dataset, ids: readonly string[]): Promise<RegistryAnswer> {
    if (ids.length === 1) {
      const id = ids[0] as string;
      const { status, body } = await this.call(
        dataset,
        'GET',
        `/internal/records/${encodeURIComponent(id)}`,
        undefined,
        '/internal/records/{id}',
      );
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
      '/internal/records/batch',
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
      return (await this.call(dataset, 'GET', '/health', undefined, '/health')).status;
    } catch {
      return undefined;
    }
  }

  origin(dataset: Dataset): string {
    return this.origins[dataset];
  }

  async close(): Promise<void> {
    await Promise.all([...this.registries.values()].map(({ pool }) => pool.close()));
  }

  /**
   * One request to a registry, in a CLIENT span named by `urlTemplate`: the path itself may hold a
   * personal id, which must not leave the process in a span.
   */
  private async call(
    dataset: Dataset,
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    urlTemplate: string,
  ): Promise<{ status: number; body: string }> {
    const registry = this.registries.get(dataset);
    if (!registry) throw GatewayError.of('registryUnavailable', `no registry configured for ${dataset}`);
    const { pool, target } = registry;
    const headers: Record<string, string> =
      body === undefined
        ? { accept: 'application/json' }
        : { accept: 'application/json', 'content-type': 'application/json' };
    return withHttpClientSpan(
      { method, urlTemplate, ...target },
      headers,
      async () => {
        try {
          const res = await pool.request({
            method,
            path,
            headers,
            ...(body === undefined ? {} : { body }),
            headersTimeout: this.timeoutMs,
            bodyTimeout: this.timeoutMs,
          });
          // The pool stops reading past MAX_ANSWER_BYTES (maxResponseSize) and fails the read.
          return { status: res.statusCode, body: await res.body.text() };
        } catch (err) {
          if (err instanceof GatewayError) throw err;
          if ((err as { code?: unknown }).code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE')
            throw new RegistryContractError(dataset, 'too-large', 'the answer is larger than allowed');
          throw GatewayError.of('registryUnavailable', `the ${dataset} registry could not be reached`);
        }
      },
      (answer) => answer.status,
    );
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
