import { Module } from '@nestjs/common';
import { ParticipantModule } from '../participant/participant.module.js';
import { CitizenDeceasedReaction } from './citizen-deceased.reaction.js';

/** Cross-registry reaction: a death in the population registry ends the person's coverage. */
@Module({
  imports: [ParticipantModule],
  providers: [CitizenDeceasedReaction],
})
export class CitizenDeceasedModule {}
