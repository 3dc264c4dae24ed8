/**
 * ingress-nginx (its manifest's objects and its controller), gathered in one chunk: only a cluster
 * whose scenario lists the add-on runs it, so the default cluster boots and paints without it.
 */
export { ingressNginxObjects } from '../../bootstrap/ingressNginx';
export { ingressNginxAgent, INGRESS_NGINX_USER } from './index';
export { certgenAgent } from './certgen';
