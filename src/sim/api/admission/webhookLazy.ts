/**
 * The webhook admission plugins (webhook.ts, with their matching rules), loaded on demand: they have
 * nothing to do until a Validating- or MutatingWebhookConfiguration exists, and only a user's apply or
 * an addon (ingress-nginx) creates one — the cluster worker loads them with its other on-demand
 * modules after boot and holds those requests until they are here; Node callers load them before
 * running.
 */
import { onDemandModule } from '../../onDemandModule';

const onDemand = onDemandModule(() => import('./webhook'), 'the webhook admission plugins are not loaded yet (call loadWebhookAdmission first)');

/** Where the configurations are stored: the server looks there before it needs the plugins. */
export const VALIDATING_WEBHOOK_CONFIGS = '/registry/validatingwebhookconfigurations/';
export const MUTATING_WEBHOOK_CONFIGS = '/registry/mutatingwebhookconfigurations/';

export const loadWebhookAdmission = onDemand.load;
export const webhookAdmission = onDemand.get;
