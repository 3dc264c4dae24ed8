/**
 * ingress-nginx as a system agent: the `controller` container of the ingress-nginx-controller
 * Deployment (image registry.k8s.io/ingress-nginx/controller) runs the controller, one instance per pod.
 */
import type { Container, Pod } from '../../types';
import { ClientEventRecorder } from '../../client/events';
import { parseImageRef } from '../../node/images';
import { INGRESS_NGINX_REPO } from '../../bootstrap/ingressNginx';
import type { AgentKind } from '../registry';
import { IngressNginxController } from './controller';

export const INGRESS_NGINX_USER = 'system:serviceaccount:ingress-nginx:ingress-nginx';

/** `publishService`: the cloud manifest's --publish-service, used when the Service is a LoadBalancer. */
export function ingressNginxAgent(opts: { publishService: boolean }): AgentKind {
  return {
    name: 'ingress-nginx',
    user: INGRESS_NGINX_USER,
    perPod: true,
    matches: (_pod: Pod, c: Container) => parseImageRef(c.image ?? '').repo === INGRESS_NGINX_REPO,
    // Its Events come from the recorder ingress-nginx makes, named nginx-ingress-controller (no host).
    build: (ctx, host) => [new IngressNginxController({ ...ctx, recorder: new ClientEventRecorder(ctx.client, ctx.clock, { component: 'nginx-ingress-controller' }) }, host, opts)],
  };
}

export { IngressNginxController };
