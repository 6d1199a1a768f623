/**
 * The shell every handler shares: validate the environment once per container,
 * build clients once, run the job, log one summary line, emit its metrics as
 * EMF, and rethrow failures so Lambda counts an error (the Errors alarm, the
 * stream's retry and bisect, the on-failure queue all depend on that).
 */
import { SCHEDULE_EVENT_SOURCE } from './schedule-event.ts';
import { EnvReader } from './env.ts';
import { createLogger, describeError, stdoutLine, type LogFields, type RuntimeLogger } from './log.ts';
import { emfLine, type MetricValues } from './metrics.ts';
import type { LogLevel } from './env.ts';

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
  /** Epoch ms by which the job should have finished: the Lambda deadline less a safety margin. */
  deadline: number;
}

export interface HandlerDefinition<C extends { logLevel: LogLevel }, S, R> {
  /** The function's name in the registry (functions/registry.ts). */
  name: string;
  /** Reads and validates the environment (once per container); problems are collected by the reader. */
  readConfig(env: EnvReader): C;
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

export function defineHandler<C extends { logLevel: LogLevel }, S, R>(definition: HandlerDefinition<C, S, R>, options: HandlerOptions = {}): Handler<R> {
  const write = options.write ?? stdoutLine;
  const now = options.now ?? (() => new Date());
  let container: { config: C; services: S } | undefined;

  return async (event, context) => {
    const startedAt = now().getTime();
    const trigger = describeTrigger(event);
    if (!container) {
      const reader = new EnvReader(options.env ?? process.env);
      try {
        const config = definition.readConfig(reader);
        reader.done();
        const setupLogger = createLogger({ level: config.logLevel, base: { function: definition.name }, write, now });
        container = { config, services: definition.setup(config, setupLogger) };
      } catch (error) {
        createLogger({ base: { function: definition.name, requestId: context.awsRequestId }, write, now }).error('config_invalid', { error });
        throw error;
      }
    }
    const { config, services } = container;
    const logger = createLogger({ level: config.logLevel, base: { function: definition.name, requestId: context.awsRequestId }, write, now });
    logger.info('run_started', { trigger });
    try {
      const result = await definition.run({
        event, trigger, config, services, logger,
        deadline: deadlineFrom(startedAt, context.getRemainingTimeInMillis()),
      });
      const { fields, metrics } = definition.outcome(result);
      logger.info('run_finished', { durationMs: now().getTime() - startedAt, ...fields });
      if (Object.keys(metrics).length) write(emfLine(definition.name, metrics, now()));
      return result;
    } catch (error) {
      logger.error('run_failed', { durationMs: now().getTime() - startedAt, error: describeError(error) });
      throw error;
    }
  };
}
