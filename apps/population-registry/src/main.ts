import { runRegistry } from '@ndg/registry-kit';
import { PopulationRegistryModule } from './app.module.js';
import { loadPopulationConfig } from './population.config.js';

await runRegistry(() => loadPopulationConfig(), (config) => PopulationRegistryModule.forRoot(config));
