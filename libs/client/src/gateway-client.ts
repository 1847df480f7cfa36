import type { Dataset, VerifyResponse } from '@ndg/contracts';
import { Pool } from 'undici';
import { AgencyTokenSigner, type AgencySignerOptions, type RequestContext } from './agency-token.js';
import type { BatchLookup, RecordLookup, VerifyClaims } from './dataset-records.js';
import { gatewayErrorOf } from './gateway-error.js';

export interface GatewayClientOptions extends AgencySignerOptions, RequestContext {
  /** e.g. `https://gateway.ndg.gov.vn`; a path prefix (behind a proxy) is kept. */
  readonly baseUrl: string;
  /** Keep-alive connections to the gateway (default 16). */
  readonly connections?: number;
  /** Time allowed for the answer's headers and body, each (default 10 s). */
  readonly timeoutMs?: number;
}

/** Per call: narrow the fields, or file the call under another officer, purpose or case. */
export interface CallOptions extends Partial<RequestContext> {
  /** Field paths or classifications; omitted means every field the grant allows. */
  readonly fields?: readonly string[];
}

/** An agency's way to the gateway: one keep-alive pool, a freshly signed token on every request. */
export class GatewayClient {
  private readonly pool: Pool;
  private readonly prefix: string;
  private readonly signer: AgencyTokenSigner;
  private readonly context: RequestContext;
  private readonly timeoutMs: number;

  constructor(options: GatewayClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TypeError(`baseUrl must be http(s), got "${options.baseUrl}"`);
    for (const name of ['officer', 'purpose', 'caseReference'] as const)
      if (typeof options[name] !== 'string' || options[name] === '')
        throw new TypeError(`${name} is required: the gateway audits it with every answer`);
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.signer = new AgencyTokenSigner(options);
    this.context = {
      officer: options.officer,
      purpose: options.purpose,
      caseReference: options.caseReference,
    };
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.pool = new Pool(url.origin, { connections: options.connections ?? 16 });
  }

  /** A signed token for this client's context (or an override), e.g. to hand to curl. Each is single-use. */
  token(context: Partial<RequestContext> = {}): Promise<string> {
    return this.signer.sign(this.contextOf(context));
  }

  /** One record, projected to the granted fields. Missing and out-of-scope both throw LOOKUP.NOT_FOUND. */
  async lookup<D extends Dataset>(
    dataset: D,
    id: string,
    options: CallOptions = {},
  ): Promise<RecordLookup<D>> {
    const query = options.fields?.length ? `?fields=${options.fields.map(encodeURIComponent).join(',')}` : '';
    return this.call<RecordLookup<D>>(
      'GET',
      `/v1/datasets/${encodeURIComponent(dataset)}/records/${encodeURIComponent(id)}${query}`,
      options,
    );
  }

  /** Up to 1000 records in request order; missing and out-of-scope subjects answer `found: false`. */
  async lookupBatch<D extends Dataset>(
    dataset: D,
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<BatchLookup<D>> {
    const context = this.contextOf(options);
    return this.call<BatchLookup<D>>(
      'POST',
      `/v1/datasets/${encodeURIComponent(dataset)}/records/batch`,
      options,
      {
        dataset,
        subjects: ids,
        // The gateway refuses a body whose purpose or case differs from the token's.
        purpose: context.purpose,
        caseReference: context.caseReference,
        ...(options.fields?.length ? { fields: options.fields } : {}),
      },
    );
  }

  /** Yes or no: does the record hold these values? Nothing else is disclosed. */
  async verify<D extends Dataset>(
    dataset: D,
    { subject, ...claims }: VerifyClaims,
    options: Partial<RequestContext> = {},
  ): Promise<VerifyResponse & { dataset: D }> {
    const context = this.contextOf(options);
    return this.call<VerifyResponse & { dataset: D }>(
      'POST',
      `/v1/datasets/${encodeURIComponent(dataset)}/verify`,
      options,
      { dataset, subject, purpose: context.purpose, caseReference: context.caseReference, claims },
    );
  }

  /** Closes the keep-alive connections. */
  close(): Promise<void> {
    return this.pool.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private contextOf(override: Partial<RequestContext>): RequestContext {
    return {
      officer: override.officer ?? this.context.officer,
      purpose: override.purpose ?? this.context.purpose,
      caseReference: override.caseReference ?? this.context.caseReference,
    };
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    context: Partial<RequestContext>,
    body?: unknown,
  ): Promise<T> {
    const token = await this.signer.sign(this.contextOf(context));
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.pool.request({
      method,
      path: `${this.prefix}${path}`,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const retryAfter = res.headers['retry-after'];
      throw gatewayErrorOf(res.statusCode, text, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    }
    return JSON.parse(text) as T;
  }
}
