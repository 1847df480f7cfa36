import { Module } from '@nestjs/common';
import { EnterpriseModule } from '../enterprise/enterprise.module.js';
import { RepresentativeDeceasedReaction } from './representative-deceased.reaction.js';

/** Cross-registry reaction: `population.citizen.deceased` → `business.enterprise.representative-deceased`. */
@Module({
  imports: [EnterpriseModule],
  providers: [RepresentativeDeceasedReaction],
})
export class RepresentativeDeceasedModule {}
