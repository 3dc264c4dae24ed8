import { register } from 'tsx/esm/api';
register();
const { schedulingBasic } = await import('/work/main/bench/scheduler.ts');
const r = schedulingBasic({ nodes: 5, initPods: 2, measurePods: 3, trace: { enabled: true } });
console.log(r.scheduled, JSON.stringify(r.scheduler.traces().slice(-1), null, 1).slice(-1500));
console.log(r.scheduler.queue.pendingPods().length);
