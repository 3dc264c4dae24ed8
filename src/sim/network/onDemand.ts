/**
 * What only a learner's request runs — traces, the network tools in pods and on nodes, their
 * packets through the machines — gathered in one chunk the cluster worker loads after boot.
 */
export * from './tools';
export { netHostFor } from './traffic/nethost';
export { tracePacket, formatTrace } from './traffic/trace';
export { clusterTraceWorld } from './traffic/clusterWorld';
export { quietTracePacket } from './traffic/quiet';
export { EXTERNAL_CLIENT_IP } from './traffic/client';
export { dataplaneWebhookTransport } from './traffic/webhookTransport';
