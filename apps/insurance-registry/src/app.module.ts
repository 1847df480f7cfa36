import { Module, type DynamicModule } from '@nestjs/common';
import { RegistryCoreModule, type RegistryConfig } from '@ndg/registry-kit';
import { CitizenDeceasedModule } from './citizen-deceased/citizen-deceased.module.js';
import { CreateParticipant1763900000300 } from './migrations/1763900000300-create-participant.js';
import { ParticipantModule } from './participant/participant.module.js';
import { INSURANCE_OPENAPI } from './participant/participant.openapi.js';

@Module({})
export class InsuranceRegistryModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: InsuranceRegistryModule,
      imports: [
        RegistryCoreModule.forRoot(config, { migrations: [CreateParticipant1763900000300], openapi: INSURANCE_OPENAPI }),
        ParticipantModule,
        CitizenDeceasedModule,
      ],
    };
  }
}
