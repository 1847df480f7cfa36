import { runRegistry } from '@ndg/registry-kit';
import { BusinessRegistryModule } from './app.module.js';
import { loadBusinessConfig } from './business.config.js';

await runRegistry(() => loadBusinessConfig(), (config) => BusinessRegistryModule.forRoot(config));
