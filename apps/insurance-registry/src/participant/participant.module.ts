import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Participant } from '@ndg/contracts';
import { createInternalLookupController, RECORD_STORE, RecordStore } from '@ndg/registry-kit';
import { PARTICIPANT_KIND } from './participant.kind.js';
import { ParticipantController } from './participant.controller.js';

@Module({
  controllers: [ParticipantController, createInternalLookupController()],
  providers: [
    {
      provide: RECORD_STORE,
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource) => new RecordStore<Participant>(dataSource, PARTICIPANT_KIND),
    },
  ],
  exports: [RECORD_STORE],
})
export class ParticipantModule {}
