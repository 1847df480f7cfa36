import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import { parse as parseYaml } from 'yaml';
import {
  checkPolicyDocuments,
  compilePolicies,
  formatPolicyIssue,
  type CompiledPolicySet,
  type PolicySourceFile,
} from '@ndg/policy';
import { parseAgencyFile, toAgency, type Agency } from '../agencies/agency-definition.js';
import type { GatewayConfig } from '../config/gateway.config.js';
import { GATEWAY_CONFIG } from '../config/gateway-tokens.js';
import { currentRevision, GATEWAY_POOL } from '../database/gateway-schema.js';

const CONFIG_FILE = /\.(ya?ml|json)$/i;

/** What an operator sees at `GET /admin/policies/status`. */
export interface LoadStatus {
  readonly ok: boolean;
  /** When the set in force was compiled. */
  readonly loadedAt: string | null;
  /** Last check time; changes every poll. */
  readonly checkedAt: string | null;
  readonly sources: readonly string[];
  /** Why the latest attempt was refused (file:line:column reason); empty when it was applied. */
  readonly issues: readonly string[];
  readonly revision: number;
}

interface FolderListing {
  readonly fingerprint: string;
  readonly files: readonly string[];
}

async function listFolder(dir: string): Promise<FolderListing> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => CONFIG_FILE.test(n)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { fingerprint: 'missing', files: [] };
    throw err;
  }
  const parts: string[] = [];
  for (const name of names) {
    const s = await stat(join(dir, name)).catch(() => undefined);
    if (s?.isFile()) parts.push(`${name}:${s.mtimeMs}:${s.size}`);
  }
  return { fingerprint: parts.join('|'), files: names.map((n) => join(dir, n)) };
}

function agencyOfText(path: string, text: string): string | undefined {
  try {
    const value = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    return typeof value?.agency === 'string' ? value.agency : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The compiled policies and registered agencies in force on this replica. Every few seconds it
 * re-checks the folders (names, mtimes, sizes) and the shared database revision and rebuilds what
 * changed. A set that does not check is refused whole — logged and shown by the status endpoint —
 * and the previous set stays in force; at start-up the gateway refuses to start instead.
 */
@Injectable()
export class ConfigStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ConfigStore');
  private policySet: CompiledPolicySet | undefined;
  private agencyMap: ReadonlyMap<string, Agency> = new Map();
  private policyStatus: LoadStatus = {
    ok: false,
    loadedAt: null,
    checkedAt: null,
    sources: [],
    issues: [],
    revision: -1,
  };
  private agencyStatus: LoadStatus = {
    ok: false,
    loadedAt: null,
    checkedAt: null,
    sources: [],
    issues: [],
    revision: -1,
  };
  private lastFingerprint = '';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_POOL) private readonly pool: pg.Pool,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh({ force: true });
    if (!this.policyStatus.ok)
      throw new Error(`policies refused, not starting:\n${this.policyStatus.issues.join('\n')}`);
    if (!this.agencyStatus.ok)
      throw new Error(`agencies refused, not starting:\n${this.agencyStatus.issues.join('\n')}`);
    this.timer = setInterval(
      () =>
        void this.refresh().catch((err: unknown) =>
          this.logger.error(`reload failed: ${(err as Error).message}`),
        ),
      this.config.reloadIntervalMs,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  get policies(): CompiledPolicySet {
    if (!this.policySet) throw new Error('policies not loaded');
    return this.policySet;
  }

  agency(id: string): Agency | undefined {
    return this.agencyMap.get(id);
  }

  status(): { policies: LoadStatus; agencies: LoadStatus } {
    return { policies: this.policyStatus, agencies: this.agencyStatus };
  }

  /** Re-reads everything when a folder or the database revision changed (or when forced). One at a time. */
  async refresh(options: { force?: boolean } = {}): Promise<void> {
    while (this.running) await this.running;
    this.running = this.doRefresh(options.force ?? false).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async doRefresh(force: boolean): Promise<void> {
    const [policyFolder, agencyFolder, revision] = await Promise.all([
      listFolder(this.config.policiesDir),
      listFolder(this.config.agenciesDir),
      currentRevision(this.pool),
    ]);
    const fingerprint = `${policyFolder.fingerprint}#${agencyFolder.fingerprint}#${revision}`;
    const checkedAt = new Date().toISOString();
    if (!force && fingerprint === this.lastFingerprint) {
      this.policyStatus = { ...this.policyStatus, checkedAt };
      this.agencyStatus = { ...this.agencyStatus, checkedAt };
      return;
    }
    await this.loadPolicies(policyFolder.files, revision, checkedAt);
    await this.loadAgencies(agencyFolder.files, revision, checkedAt);
    // Only after both loads ran: a read that failed half-way is retried on the next poll.
    this.lastFingerprint = fingerprint;
  }

  private async loadPolicies(files: readonly string[], revision: number, checkedAt: string): Promise<void> {
    const stored = await this.pool.query<{ agency: string; document: unknown }>(
      'select agency, document from policy_document order by agency',
    );
    const fromDb: PolicySourceFile[] = stored.rows.map((r) => ({
      path: `admin-api/${r.agency}.json`,
      text: JSON.stringify(r.document, null, 2),
    }));
    const overridden = new Set(stored.rows.map((r) => r.agency));
    const sources: PolicySourceFile[] = [];
    for (const path of files) {
      const text = await readFile(path, 'utf8');
      // A policy stored through the admin API replaces the file of the same agency.
      const agency = agencyOfText(path, text);
      if (agency !== undefined && overridden.has(agency)) continue;
      sources.push({ path, text });
    }
    sources.push(...fromDb);
    const result = checkPolicyDocuments(sources);
    if (!result.ok) {
      const issues = result.issues.map(formatPolicyIssue);
      for (const issue of issues) this.logger.error(`policy refused, previous set stays in force: ${issue}`);
      this.policyStatus = { ...this.policyStatus, ok: false, checkedAt, issues, revision };
      return;
    }
    this.policySet = compilePolicies(result.documents);
    this.policyStatus = {
      ok: true,
      loadedAt: checkedAt,
      checkedAt,
      sources: sources.map((s) => s.path),
      issues: [],
      revision,
    };
    this.logger.log(`policies in force: ${sources.length} document(s), revision ${revision}`);
  }

  private async loadAgencies(files: readonly string[], revision: number, checkedAt: string): Promise<void> {
    const issues: string[] = [];
    const agencies = new Map<string, Agency>();
    for (const path of files) {
      const parsed = parseAgencyFile(path, await readFile(path, 'utf8'));
      if (!parsed.ok) issues.push(...parsed.issues);
      else if (agencies.has(parsed.definition.id))
        issues.push(
          `${path}: agency "${parsed.definition.id}" is already defined in ${agencies.get(parsed.definition.id)?.source}`,
        );
      else agencies.set(parsed.definition.id, toAgency(parsed.definition, path));
    }
    const stored = await this.pool.query<{ id: string; definition: unknown }>(
      'select id, definition from agency order by id',
    );
    for (const row of stored.rows) {
      const path = `admin-api/${row.id}.json`;
      const parsed = parseAgencyFile(path, JSON.stringify(row.definition));
      // The admin API's copy replaces a file of the same agency.
      if (parsed.ok) agencies.set(row.id, toAgency(parsed.definition, path));
      else issues.push(...parsed.issues);
    }
    if (issues.length > 0) {
      for (const issue of issues) this.logger.error(`agency refused, previous set stays in force: ${issue}`);
      this.agencyStatus = { ...this.agencyStatus, ok: false, checkedAt, issues, revision };
      return;
    }
    this.agencyMap = agencies;
    this.agencyStatus = {
      ok: true,
      loadedAt: checkedAt,
      checkedAt,
      sources: [...agencies.values()].map((a) => a.source),
      issues: [],
      revision,
    };
  }
}
