/**
 * The cron parser (croner), loaded on demand: only a CronJob needs it — the API server validating its
 * schedule, the CronJob controller running it — and a CronJob only comes in with a user's request (an
 * apply, a kubectl line), which already waits for the on-demand modules. So the worker fetches it after
 * the cluster has booted and painted; Node callers load it before running.
 */
import { onDemandModule } from '../onDemandModule';

export type Cron = import('croner').Cron;

const onDemand = onDemandModule(() => import('croner'), 'the cron parser is not loaded yet (call loadCron first)');

export const loadCron = onDemand.load;

/**
 * The parser: it makes a paused five-field schedule (`*\/5 * * * *`, `@hourly`), in `timeZone` when one
 * is given, and throws the parser's complaint when it does not parse. Asking before it is loaded throws
 * here, outside the caller's handling of a bad schedule.
 */
export function cronParser(): (schedule: string, timeZone?: string) => Cron {
  const m = onDemand.get();
  return (schedule, timeZone) => new m.Cron(schedule.trim(), { paused: true, mode: '5-part', ...(timeZone !== undefined ? { timezone: timeZone } : {}) });
}
