// pino JSON logs that join up with traces: every line carries the active span's ids.
import { trace, isSpanContextValid } from '@opentelemetry/api';
import { type LoggerService, type LogLevel as NestLogLevel } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

/** The levels we accept from configuration (LOG_LEVEL). */
export type LogLevel = Level | 'silent';

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/** A pino logger for `serviceName`; inside a span each line has `trace_id` and `span_id`. */
export function createLogger(serviceName: string, options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: serviceName },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const spanContext = trace.getActiveSpan()?.spanContext();
        if (!spanContext || !isSpanContextValid(spanContext)) return {};
        return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
      },
    },
    options.destination,
  );
}

const NEST_TO_PINO: Record<NestLogLevel, Level> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/**
 * Nest's LoggerService over pino, for `NestFactory.create(AppModule, adapter, { logger })`.
 * Messages and the Nest context go out; extra arguments are dropped on purpose, because
 * callers sometimes pass request objects and those may carry bodies with personal data.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    // Nest calls error(message, stack, context); the stack is useful, so it is kept.
    const [stack, ...rest] = optionalParams;
    const context = contextOf(rest.length > 0 ? rest : optionalParams.slice(1));
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (typeof stack === 'string' && stack.includes('\n')) fields.stack = stack;
    if (message instanceof Error) {
      fields.err = message;
      this.logger.error(fields, message.message);
      return;
    }
    this.logger.error(fields, String(message));
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  /** Nest passes the levels it wants; pino has one threshold, so the most verbose one wins. */
  setLogLevels(levels: NestLogLevel[]): void {
    const order: Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
    const wanted = levels.map((l) => order.indexOf(NEST_TO_PINO[l])).filter((i) => i >= 0);
    if (wanted.length > 0) this.logger.level = order[Math.min(...wanted)] ?? 'info';
  }

  private write(level: Level, message: unknown, optionalParams: unknown[]): void {
    const context = contextOf(optionalParams);
    const fields = context ? { context } : {};
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else this.logger[level](fields, typeof message === 'string' ? message : safeString(message));
  }
}

/** Nest puts the context name last. */
function contextOf(params: unknown[]): string | undefined {
  const last = params.at(-1);
  return typeof last === 'string' ? last : undefined;
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}
