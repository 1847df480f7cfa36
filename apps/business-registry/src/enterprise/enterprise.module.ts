import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Enterprise } from '@ndg/contracts';
import { createInternalLookupController, RECORD_STORE, RecordStore } from '@ndg/registry-kit';
import { ENTERPRISE_KIND } from './enterprise.kind.js';
import { EnterpriseController } from './enterprise.controller.js';

@Module({
  controllers: [EnterpriseController, createInternalLookupController()],
  providers: [
    {
      provide: RECORD_STORE,
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource) => new RecordStore<Enterprise>(dataSource, ENTERPRISE_KIND),
    },
  ],
  // The representative-deceased reaction changes records through the same store.
  exports: [RECORD_STORE],
})
export class EnterpriseModule {}
