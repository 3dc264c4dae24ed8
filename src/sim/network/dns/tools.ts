/**
 * The DNS tools a learner runs in a pod or on a node, each printing as the real one does:
 * busybox 1.36 `nslookup` (nslookup.ts) and BIND 9.18 `dig` (dig.ts). Both take their replies from
 * an exchange the caller drives (the packet path to a CoreDNS pod, or nothing when none answers).
 */
export { nslookup } from './nslookup';
export type { Arrival, NslookupEnv, NslookupServer, ToolOutput } from './nslookup';
export { digOutput, digQuery, digTryTimes, digWhen, parseDigArgs } from './dig';
export type { DigAttempt, DigDisplay, DigOptions, DigRun } from './dig';
export { dig } from './dig';
export type { DigEnv } from './dig';
