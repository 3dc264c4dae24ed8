import { register } from 'tsx/esm/api';
register();
const { schedulingBasic } = await import('/work/main/bench/scheduler.ts');
const n = Number(process.argv[2] ?? 5000), m = Number(process.argv[3] ?? 10000);
const r = schedulingBasic({ nodes: n, initPods: 1000, measurePods: m });
console.log(r.podsPerSecond, 'pods/s', r.wallMs, 'ms', r.scheduled);
