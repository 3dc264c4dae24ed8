/**
 * MetalLB (its objects, its controller and speakers), gathered in one chunk: only a cluster whose
 * scenario gives it a load-balancer pool runs it, so the default cluster boots and paints without it.
 */
export { metallbObjects } from '../../bootstrap/metallb';
export { METALLB_SPEAKER_USER, metallbAgents, SpeakerWatch } from './index';
