import { Module, type DynamicModule } from '@nestjs/common';
import { RegistryCoreModule, type RegistryConfig } from '@ndg/registry-kit';
import { EnterpriseModule } from './enterprise/enterprise.module.js';
import { BUSINESS_OPENAPI } from './enterprise/enterprise.openapi.js';
import { CreateEnterprise1763900000200 } from './migrations/1763900000200-create-enterprise.js';
import { RepresentativeDeceasedModule } from './representative-deceased/representative-deceased.module.js';

@Module({})
export class BusinessRegistryModule {
  /** A plain RegistryConfig runs with the reaction on; a BusinessConfig may switch it off. */
  static forRoot(config: RegistryConfig & { representativeDeceasedReaction?: boolean }): DynamicModule {
    const reactions = config.representativeDeceasedReaction === false ? [] : [RepresentativeDeceasedModule];
    return {
      module: BusinessRegistryModule,
      imports: [
        RegistryCoreModule.forRoot(config, { migrations: [CreateEnterprise1763900000200], openapi: BUSINESS_OPENAPI }),
        EnterpriseModule,
        ...reactions,
      ],
    };
  }
}
