import { loadRegistryConfig, type RegistryConfig } from '@ndg/registry-kit';

export function loadPopulationConfig(env: NodeJS.ProcessEnv = process.env): RegistryConfig {
  return loadRegistryConfig('population-registry', { port: 3001, database: 'ndg_population' }, env);
}
