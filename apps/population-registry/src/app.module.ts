import { Module, type DynamicModule } from '@nestjs/common';
import { RegistryCoreModule, type RegistryConfig } from '@ndg/registry-kit';
import { CitizenModule } from './citizen/citizen.module.js';
import { POPULATION_OPENAPI } from './citizen/citizen.openapi.js';
import { CreateCitizen1763900000100 } from './migrations/1763900000100-create-citizen.js';

@Module({})
export class PopulationRegistryModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: PopulationRegistryModule,
      imports: [
        RegistryCoreModule.forRoot(config, { migrations: [CreateCitizen1763900000100], openapi: POPULATION_OPENAPI }),
        CitizenModule,
      ],
    };
  }
}
