/**
 * The event an EventBridge Scheduler target sends a function (and what
 * `ofsted-watch invoke` sends by default). Defined here, beside the handler
 * shell that recognises it, so the registry (functions/registry.ts) and the
 * stack import it from shared/ and shared/ never reaches up to them.
 */

/** `source` of the event a schedule sends. */
export const SCHEDULE_EVENT_SOURCE = 'ofsted-watch.schedule';

export interface ScheduledEvent {
  source: typeof SCHEDULE_EVENT_SOURCE;
  function: string;
  /** When the schedule fired (ISO 8601); in AWS, Scheduler fills in <aws.scheduler.scheduled-time>. */
  scheduledTime: string;
}

export function scheduledEvent(name: string, scheduledTime: string): ScheduledEvent {
  return { source: SCHEDULE_EVENT_SOURCE, function: name, scheduledTime };
}
