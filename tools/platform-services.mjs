// The services `npm start` runs, with the local addresses it prints. Each issue that adds a
// service adds it here; a service whose build output is missing is skipped with a note.
const service = (name, port, extraEnv = {}) => ({
  name,
  entry: `apps/${name}/dist/src/main.js`,
  url: `http://127.0.0.1:${port}`,
  health: `http://127.0.0.1:${port}/health`,
  openapi: `http://127.0.0.1:${port}/openapi.json`,
  env: { PORT: String(port), OTEL_SERVICE_NAME: name, ...extraEnv },
});

export const PLATFORM_SERVICES = [
  service('population-registry', 3001),
  service('business-registry', 3002),
  service('insurance-registry', 3003),
  service('gateway', 3000, {
    // Not a secret: a fixed local admin token so `npm run demo:agency` and other local tools reach
    // the admin API; a real deployment sets its own.
    ADMIN_TOKEN: process.env.ADMIN_TOKEN || 'ndg-local-admin-token',
    POPULATION_REGISTRY_URL: 'http://127.0.0.1:3001',
    BUSINESS_REGISTRY_URL: 'http://127.0.0.1:3002',
    INSURANCE_REGISTRY_URL: 'http://127.0.0.1:3003',
    // The whole platform: change feeds on, so subscriptions deliver and a write's trace reaches
    // the gateway's feed worker.
    FEEDS_ENABLED: 'true',
  }),
];
