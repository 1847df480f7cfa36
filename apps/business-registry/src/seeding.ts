import { CreateOutbox1763900000000 } from '@ndg/outbox';
import { ENTERPRISE_KIND } from './enterprise/enterprise.kind.js';
import { CreateEnterprise1763900000200 } from './migrations/1763900000200-create-enterprise.js';

/** What `tools/seed.mjs` needs to bulk-load this registry. */
export const BUSINESS_SEEDING = {
  database: 'ndg_business',
  kind: ENTERPRISE_KIND,
  migrations: [CreateOutbox1763900000000, CreateEnterprise1763900000200],
  createdEvent: 'business.enterprise.registered',
};
