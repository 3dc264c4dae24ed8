/** kube-scheduler for kubetab: the component, its configuration and the glass-box trace types. */
export { Scheduler, truncateMessage, type SchedulerOptions } from './scheduler';
export type { KubeSchedulerConfiguration, KubeSchedulerProfile, Plugins, PluginSet, PluginConfig, NodeResourcesFitArgs, ScoringStrategy } from './framework/config';
export { DEFAULT_MULTIPOINT, DEFAULT_SCHEDULER_NAME } from './framework/config';
export type { CycleTrace, NodeFilterTrace, NodeScoreTrace, PluginVerdict } from './framework/trace';
export type { Registry } from './framework/registry';
export type { Plugin, PluginFactory, Handle } from './framework/interface';
export { inTreeRegistry } from './plugins/registry';
export { numFeasibleNodesToFind } from './scheduleOne';
