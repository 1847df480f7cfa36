import { Global, Module } from '@nestjs/common';
import { HttpMetricsHook } from './http-metrics.hook.js';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.service.js';

/** Serves `/metrics` with process and HTTP metrics, and gives every module the `Metrics` service. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: Metrics,
      useFactory: () => {
        const metrics = new Metrics();
        metrics.collectDefaults();
        return metrics;
      },
    },
    HttpMetricsHook,
  ],
  exports: [Metrics],
})
export class MetricsModule {}
