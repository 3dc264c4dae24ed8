/** kube-scheduler for kubetab: the component, its configuration, the glass-box traces and step-through. */
export { Scheduler, SchedulingCycleStepper, LISTER_RESOURCES, truncateMessage, type SchedulerOptions } from './scheduler';
export type { KubeSchedulerConfiguration, KubeSchedulerProfile, Plugins, PluginSet, PluginConfig, NodeResourcesFitArgs, ScoringStrategy } from './framework/config';
export { DEFAULT_MULTIPOINT, DEFAULT_SCHEDULER_NAME } from './framework/config';
export { ConfigurationError } from './framework/validation';
export { checkConfiguration } from './framework/configCheck';
export type { CycleTrace, NodeFilterTrace, NodeScoreTrace, PluginVerdict, PreemptionTrace } from './framework/trace';
export type { CycleStep, StepPoint } from './framework/step';
export type { Registry } from './framework/registry';
export type { Plugin, PluginFactory, Handle, Listers, PodNominator } from './framework/interface';
export { inTreeRegistry } from './plugins/registry';
export { numFeasibleNodesToFind } from './scheduleOne';
