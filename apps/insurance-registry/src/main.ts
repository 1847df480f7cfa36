import { runRegistry } from '@ndg/registry-kit';
import { InsuranceRegistryModule } from './app.module.js';
import { loadInsuranceConfig } from './insurance.config.js';

await runRegistry(() => loadInsuranceConfig(), (config) => InsuranceRegistryModule.forRoot(config));
