/**
 * The shell every handler shares: validate the environment once per container,
 * build clients once, run the job, log one summary line, emit its metrics as
 * EMF, and rethrow failures so Lambda counts an error (the Errors alarm, the
 * stream's retry and bisect, the on-failure queue all depend on that).
 */
import { SCHEDULE_EVENT_SOURCE } from './schedule-event.ts';
import { createLogger, describeError, stdoutLine, type LogFields, type RuntimeLogger } from './log.ts';
import { emfLine, type MetricValues } from './metrics.ts';
import type { LogFormat, LogLevel } from './env.ts';

/** The part of the Lambda context a handler uses (the local invoke provides the same). */
export interface InvocationContext {
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

export type Trigger =
  | { type: 'schedule'; scheduledTime: string | null }
  | { type: 'table-stream'; records: number }
  | { type: 'direct' };

export interface Invocation<C, S> {
  event: unknown;
  trigger: Trigger;
  config: C;
  services: S;
  logger: RuntimeLogger;
  /** The run's clock: the real one, or a local run's simulated one (SIMULATED_TIME). */
  now: () => Date;
  /** Epoch ms on `now` by which the job should have finished: the Lambda deadline less a safety margin. */
  deadline: number;
}

/** What every function's configuration has (env.ts): its log level and format, and a local run's simulated start time. */
export interface ShellConfig {
  logLevel: LogLevel;
  logFormat?: LogFormat;
  simulatedTime?: Date;
}

/** A clock that starts at `start` when `realNow` says `realStart`, and runs on at the real pace. */
export function simulatedClock(start: Date, realNow: () => Date): () => Date {
  const offset = start.getTime() - realNow().getTime();
  return () => new Date(realNow().getTime() + offset);
}

export interface HandlerDefinition<C extends ShellConfig, S, R> {
  /** The function's name in the registry (registry.ts). */
  name: string;
  /** Reads and validates the environment (once per container), e.g. with readEnvironment; throws EnvError naming every problem. */
  readConfig(env: Readonly<Record<string, string | undefined>>): C;
  /** Builds clients once per container (connection reuse across invocations). */
  setup(config: C, logger: RuntimeLogger): S;
  run(invocation: Invocation<C, S>): Promise<R>;
  /** The summary line's fields and the metrics of a finished run. */
  outcome(result: R): { fields: LogFields; metrics: MetricValues };
}

export interface HandlerOptions {
  env?: Readonly<Record<string, string | undefined>>;
  write?: (line: string) => void;
  now?: () => Date;
}

export type Handler<R> = (event: unknown, context: InvocationContext) => Promise<R>;

/** Time kept back from the Lambda deadline for writing the summary and metrics. */
export function deadlineFrom(nowMs: number, remainingMs: number): number {
  return nowMs + remainingMs - Math.min(10_000, Math.floor(remainingMs / 10));
}

export function describeTrigger(event: unknown): Trigger {
  const e = (event ?? {}) as { source?: unknown; scheduledTime?: unknown; Records?: unknown };
  if (Array.isArray(e.Records) && e.Records.every((r) => (r as { eventSource?: unknown })?.eventSource === 'aws:dynamodb')) {
    return { type: 'table-stream', records: e.Records.length };
  }
  if (e.source === SCHEDULE_EVENT_SOURCE) return { type: 'schedule', scheduledTime: typeof e.scheduledTime === 'string' ? e.scheduledTime : null };
  return { type: 'direct' };
}

export function defineHandler<C extends ShellConfig, S, R>(definition: HandlerDefinition<C, S, R>, options: HandlerOptions = {}): Handler<R> {
  const write = options.write ?? stdoutLine;
  const realNow = options.now ?? (() => new Date());
  let container: { config: C; services: S; now: () => Date } | undefined;

  return async (event, context) => {
    const trigger = describeTrigger(event);
    if (!container) {
      try {
        const config = definition.readConfig(options.env ?? process.env);
        const now = config.simulatedTime ? simulatedClock(config.simulatedTime, realNow) : realNow;
        const setupLogger = createLogger({ level: config.logLevel, format: config.logFormat, base: { function: definition.name }, write, now });
        container = { config, services: definition.setup(config, setupLogger), now };
      } catch (error) {
        createLogger({ base: { function: definition.name, requestId: context.awsRequestId }, write, now: realNow }).error('config_invalid', { error });
        throw error;
      }
    }
    const { config, services, now } = container;
    const startedAt = now().getTime();
    const text = config.logFormat === 'text';
    const logger = createLogger({ level: config.logLevel, format: config.logFormat, base: { function: definition.name, requestId: context.awsRequestId }, write, now });
    logger.info('run_started', text ? {} : { trigger });
    try {
      const result = await definition.run({
        event, trigger, config, services, logger, now,
        deadline: deadlineFrom(startedAt, context.getRemainingTimeInMillis()),
      });
      const { fields, metrics } = definition.outcome(result);
      logger.info('run_finished', { durationMs: now().getTime() - startedAt, ...fields });
      // Metrics are CloudWatch's (EMF); a person reads the summary instead.
      if (Object.keys(metrics).length && !text) write(emfLine(definition.name, metrics, now()));
      return result;
    } catch (error) {
      logger.error('run_failed', { durationMs: now().getTime() - startedAt, error: describeError(error) });
      throw error;
    }
  };
}
