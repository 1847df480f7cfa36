import { loadGatewayConfig, type GatewayConfig } from './config/gateway.config.js';
import { startGateway } from './start-gateway.js';

let config: GatewayConfig;
try {
  config = loadGatewayConfig();
} catch (err) {
  console.error(`gateway: ${(err as Error).message}`);
  process.exit(1);
}
const { url } = await startGateway(config);
console.log(
  JSON.stringify({
    service: config.service,
    msg: 'listening',
    url,
    health: `${url}/health`,
    openapi: `${url}/openapi.json`,
  }),
);
if (config.adminTokenGenerated) {
  // Generated for this local run only (ADMIN_TOKEN is required in production), so printing it leaks nothing real.
  console.log(
    JSON.stringify({
      service: config.service,
      msg: 'ADMIN_TOKEN not set; generated one for this run',
      adminToken: config.adminToken,
    }),
  );
}
