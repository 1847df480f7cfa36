import { loadRegistryConfig, type RegistryConfig } from '@ndg/registry-kit';

export function loadInsuranceConfig(env: NodeJS.ProcessEnv = process.env): RegistryConfig {
  return loadRegistryConfig('insurance-registry', { port: 3003, database: 'ndg_insurance' }, env);
}
