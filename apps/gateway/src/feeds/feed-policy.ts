import type { AuditOutcome, AuditRecord } from '@ndg/audit';
import { evaluate, inRowScope, project, type CompiledPolicySet, type GrantedAccess } from '@ndg/policy';
import type { DeliveryRow, Subscription } from './feed-types.js';

export type FeedDecision =
  | { readonly allowed: true; readonly grant: GrantedAccess }
  | { readonly allowed: false; readonly outcome: AuditOutcome; readonly reason: string };

/**
 * The same evaluator as lookups, operation `subscribe`, plus the grant's row scope over the event's
 * full record. Run at fan-out and again at delivery, so a removed grant stops delivery at once.
 */
export function decideDelivery(
  policies: CompiledPolicySet,
  subscription: Pick<Subscription, 'agency' | 'dataset' | 'purpose'>,
  data: Readonly<Record<string, unknown>>,
  now: number,
): FeedDecision {
  const decision = evaluate(policies, {
    agency: subscription.agency,
    dataset: subscription.dataset,
    operation: 'subscribe',
    purpose: subscription.purpose,
    now,
  });
  if (!decision.allowed) return { allowed: false, outcome: 'denied', reason: decision.reason };
  if (!inRowScope(decision.grant, data))
    return { allowed: false, outcome: 'out-of-scope', reason: 'LOOKUP.OUT_OF_SCOPE' };
  return { allowed: true, grant: decision.grant };
}

function granted(path: string, fields: readonly string[]): boolean {
  return fields.some((f) => f === path || f.startsWith(`${path}.`) || path.startsWith(`${f}.`));
}

/** The record projected to the grant; `changedFields` keeps only the names the grant discloses. */
export function projectEventData(
  data: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = project(data as Parameters<typeof project>[0], fields);
  const changed = data['changedFields'];
  if (Array.isArray(changed))
    out['changedFields'] = changed.filter((f): f is string => typeof f === 'string' && granted(f, fields));
  return out;
}

/** A CloudEvent in structured mode with the projected data (what pull and webhooks carry). */
export function structuredEvent(row: DeliveryRow, data: Record<string, unknown>): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: row.eventId,
    source: row.source,
    type: row.type,
    subject: row.subject,
    time: row.time.toISOString(),
    dataschema: row.dataschema,
    sequence: row.sequence,
    ...(row.traceparent ? { traceparent: row.traceparent } : {}),
    datacontenttype: 'application/json',
    data,
  };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** One delivery as the audit log records it: the subscription stands in for the case. */
export function deliveryAudit(
  subscription: Pick<Subscription, 'id' | 'agency' | 'officer' | 'purpose' | 'dataset'>,
  row: Pick<DeliveryRow, 'subject' | 'traceparent'>,
  outcome: AuditOutcome,
  decision: { grantId: string | null; fields: readonly string[]; reason: string | null },
): AuditRecord {
  return {
    agency: subscription.agency,
    officer: subscription.officer,
    purpose: subscription.purpose,
    caseRef: `subscription:${subscription.id}`,
    dataset: subscription.dataset,
    subject: row.subject,
    operation: 'subscribe',
    fieldsDisclosed: outcome === 'allowed' ? [...decision.fields] : [],
    grantId: decision.grantId,
    outcome,
    reason: decision.reason,
    traceId: TRACEPARENT.exec(row.traceparent ?? '')?.[1] ?? '0'.repeat(32),
    at: new Date().toISOString(),
  };
}
