import { ConfigError, loadRegistryConfig, type RegistryConfig } from '@ndg/registry-kit';

export interface BusinessConfig extends RegistryConfig {
  /** Consume `population.citizen.deceased` and flag the enterprises the person represented (on by default). */
  representativeDeceasedReaction: boolean;
}

function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(value)) return true;
  if (['0', 'false', 'off', 'no'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

export function loadBusinessConfig(env: NodeJS.ProcessEnv = process.env): BusinessConfig {
  return {
    ...loadRegistryConfig('business-registry', { port: 3002, database: 'ndg_business' }, env),
    representativeDeceasedReaction: flag('REPRESENTATIVE_DECEASED_REACTION', env['REPRESENTATIVE_DECEASED_REACTION'], true),
  };
}
