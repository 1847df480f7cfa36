/** Metric names other packages implement against; dashboards and alerts depend on them. */
export const METRIC_HTTP_SERVER_REQUEST_DURATION = 'http_server_request_duration_seconds';
export const METRIC_POLICY_DECISIONS = 'ndg_policy_decisions_total';
export const METRIC_CONTRACT_REJECTIONS = 'ndg_contract_rejections_total';
export const METRIC_OUTBOX_BACKLOG = 'ndg_outbox_backlog';
export const METRIC_OUTBOX_OLDEST_UNSENT_SECONDS = 'ndg_outbox_oldest_unsent_seconds';
export const METRIC_CONSUMER_LAG = 'ndg_consumer_lag';
export const METRIC_WEBHOOK_RETRIES = 'ndg_webhook_retries_total';
export const METRIC_WEBHOOK_DEAD_LETTERS = 'ndg_webhook_dead_letters_total';
export const METRIC_AUDIT_WRITE_SECONDS = 'ndg_audit_write_seconds';
