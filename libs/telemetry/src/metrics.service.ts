// Get-or-create access to one prom-client registry per app, so two modules asking for the same
// metric share it instead of crashing on "already registered".
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { MetricTypeConflictError, PersonalDataLabelError } from './metrics.errors.js';

/** Label names that would turn a metric into a register of people. */
const PERSONAL_LABEL = /(^|_)(name|email|phone|address|birth|national|citizen|person|ssn|passport|ip)(_|$)/;

/** Help text and label names of a metric; labels must be low-cardinality and never personal. */
export interface MetricDefinition<L extends string = string> {
  help: string;
  labelNames?: readonly L[];
}

export interface HistogramDefinition<L extends string = string> extends MetricDefinition<L> {
  /** In seconds for durations; defaults to prom-client's buckets. */
  buckets?: number[];
}

/** The app's Prometheus registry and the metrics registered in it. */
@Injectable()
export class Metrics {
  readonly registry: Registry;

  constructor(registry?: Registry) {
    this.registry = registry ?? new Registry();
  }

  /** Adds the prom-client process metrics (CPU, memory, event-loop lag, GC). */
  collectDefaults(): void {
    if (this.registry.getSingleMetric('process_cpu_user_seconds_total')) return;
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string = string>(name: string, definition: MetricDefinition<L>): Counter<L> {
    return this.getOrCreate(name, Counter, () => new Counter<L>(this.config(name, definition)));
  }

  gauge<L extends string = string>(name: string, definition: MetricDefinition<L>): Gauge<L> {
    return this.getOrCreate(name, Gauge, () => new Gauge<L>(this.config(name, definition)));
  }

  histogram<L extends string = string>(name: string, definition: HistogramDefinition<L>): Histogram<L> {
    return this.getOrCreate(name, Histogram, () => {
      const config = this.config(name, definition);
      return new Histogram<L>(definition.buckets ? { ...config, buckets: definition.buckets } : config);
    });
  }

  /** The text exposition format Prometheus scrapes. */
  async exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private config<L extends string>(name: string, definition: MetricDefinition<L>) {
    const labelNames = [...(definition.labelNames ?? [])];
    for (const label of labelNames) {
      if (PERSONAL_LABEL.test(label)) throw new PersonalDataLabelError(name, label);
    }
    return { name, help: definition.help, labelNames, registers: [this.registry] };
  }

  private getOrCreate<M extends Metric>(
    name: string,
    type: abstract new (...args: never[]) => M,
    create: () => M,
  ): M {
    const existing = this.registry.getSingleMetric(name);
    if (existing === undefined) return create();
    if (!(existing instanceof type)) throw new MetricTypeConflictError(name, type.name);
    return existing;
  }
}
