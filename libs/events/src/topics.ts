const SEGMENT = /^[a-z][a-z0-9-]*$/;

function assertSegment(kind: string, value: string): void {
  if (!SEGMENT.test(value)) throw new Error(`invalid ${kind} "${value}" for a topic name`);
}

/** `registry.<domain>.<entity>`: where a registry publishes its changes (DESIGN §5). */
export function registryTopic(domain: string, entity: string): string {
  assertSegment('domain', domain);
  assertSegment('entity', entity);
  return `registry.${domain}.${entity}`;
}

/** `feed.<agencyId>.<domain>.<entity>`: one agency's projected feed. */
export function feedTopic(agencyId: string, domain: string, entity: string): string {
  assertSegment('agency id', agencyId);
  return `feed.${agencyId}.${registryTopic(domain, entity).slice('registry.'.length)}`;
}

export const QUARANTINE_TOPIC = 'gateway.quarantine';
