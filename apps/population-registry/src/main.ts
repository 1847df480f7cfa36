import { loadConfig } from './config.js';
import { startPopulationRegistry } from './bootstrap.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(`population-registry: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const { url } = await startPopulationRegistry(config);
console.log(JSON.stringify({ service: 'population-registry', msg: 'listening', url, health: `${url}/health` }));
