import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Citizen } from '@ndg/contracts';
import { createInternalLookupController, RECORD_STORE, RecordStore } from '@ndg/registry-kit';
import { CITIZEN_KIND } from './citizen.kind.js';
import { CitizenController } from './citizen.controller.js';

@Module({
  controllers: [CitizenController, createInternalLookupController()],
  providers: [
    {
      provide: RECORD_STORE,
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource) => new RecordStore<Citizen>(dataSource, CITIZEN_KIND),
    },
  ],
})
export class CitizenModule {}
