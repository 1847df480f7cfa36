/** Headers the gateway adds to a quarantined record (the original ones travel untouched beside them). */
export const QuarantineHeader = {
  reason: 'ndg-quarantine-reason',
  origin: 'ndg-quarantine-origin',
} as const;

/** Standard Webhooks headers (https://www.standardwebhooks.com/). */
export const WebhookHeader = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** NOTIFY channel raised when deliveries are queued, so pull long-polls wake early. */
export const FEED_NOTIFY_CHANNEL = 'ndg_feed_delivery';
