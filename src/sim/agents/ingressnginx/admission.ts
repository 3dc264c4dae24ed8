/**
 * ingress-nginx's validating admission webhook (controller-v1.11.x), served by the controller on
 * :8443 (the webhook configuration posts to /networking/v1/ingresses): it answers the API server's AdmissionReview with what the
 * controller's CheckIngress says of the Ingress — the deep inspection of paths and hosts, whether the
 * Ingress is this controller's at all, the pathType check when `strict-validate-path-type` is on,
 * snippet annotations while `allow-snippet-annotations` is off, boolean annotations that do not parse,
 * and a host and path another Ingress of the class already defines. A denial is a 400 BadRequest
 * Status with the controller's message.
 *
 * Not modelled: the rest of the annotation parsers' validators, the annotation risk levels, and the
 * `nginx -t` test of the rendered configuration (an Ingress that passes the checks here is accepted).
 */
import type { App, HttpRequest, HttpResponse } from '../../network/traffic/socket';

const PREFIX = 'nginx.ingress.kubernetes.io';
/** The controller's `--controller-class` and the legacy annotation's value it answers to. */
export const CONTROLLER_CLASS = 'k8s.io/ingress-nginx';
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_SERVER = '_';

export interface IngressPath {
  path?: string;
  pathType?: string;
  backend?: { service?: { name?: string; port?: { number?: number; name?: string } }; resource?: unknown };
}

export interface IngressObject {
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string>; creationTimestamp?: string; deletionTimestamp?: string };
  spec?: {
    ingressClassName?: string;
    defaultBackend?: unknown;
    rules?: { host?: string; http?: { paths?: IngressPath[] } }[];
    tls?: { hosts?: string[]; secretName?: string }[];
  };
}

export interface IngressClassObject {
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: { controller?: string };
}

/** What the webhook reads of the controller's state (its informers' caches and its ConfigMap). */
export interface AdmissionView {
  ingresses(): readonly IngressObject[];
  ingressClasses(): readonly IngressClassObject[];
  /** the data of the controller's ConfigMap (`ingress-nginx-controller`) */
  config(): Readonly<Record<string, string>>;
  /** the controller's log, in klog's words */
  log?(severity: 'I' | 'W' | 'E', line: string): void;
  /** `--watch-ingress-without-class` (false in the baremetal manifest) */
  watchWithoutClass?: boolean;
}

// ---- the checks ----------------------------------------------------------------------------------

/** The deep inspector's forbidden patterns: directives and files an Ingress must not smuggle into nginx.conf. */
const FORBIDDEN = [/\s*alias\s*.*;/s, /\s*root\s*.*;/s, /\/etc\/(passwd|shadow|group|nginx|ingress-controller)/, /\/var\/run\/secrets/, /.*_by_lua.*/];

function forbidden(value: string): string | undefined {
  return FORBIDDEN.some((re) => re.test(value)) ? `invalid value found: ${value}` : undefined;
}

function deepInspect(ing: IngressObject): string | undefined {
  const id = `${ing.metadata?.namespace ?? ''}/${ing.metadata?.name ?? ''}`;
  for (const rule of ing.spec?.rules ?? []) {
    const bad = rule.host ? forbidden(rule.host) : undefined;
    if (bad) return `invalid host in ingress ${id}: ${bad}`;
    for (const p of rule.http?.paths ?? []) {
      const badPath = forbidden(p.path ?? '');
      if (badPath) return `invalid rule in ingress ${id}: invalid http path: ${badPath}`;
    }
  }
  for (const tls of ing.spec?.tls ?? []) {
    const badSecret = forbidden(tls.secretName ?? '');
    if (badSecret) return `invalid secret in ingress ${id}: ${badSecret}`;
    for (const h of tls.hosts ?? []) {
      const badHost = forbidden(h);
      if (badHost) return `invalid host in ingress tls config ${id}: ${badHost}`;
    }
  }
  return undefined;
}

/** The class the controller gives the Ingress, or '' when it is not this controller's. */
function ingressClassOf(ing: IngressObject, view: AdmissionView): string {
  const className = ing.spec?.ingressClassName;
  if (className !== undefined) {
    const own = view.ingressClasses().find((c) => c.metadata?.name === className && c.spec?.controller === CONTROLLER_CLASS);
    return own ? className : '';
  }
  const annotation = ing.metadata?.annotations?.[CLASS_ANNOTATION];
  if (annotation !== undefined) return annotation === 'nginx' ? annotation : '';
  // A default IngressClass was already written into a new Ingress by the API server's
  // DefaultIngressClass admission, which runs before the webhooks: one still without a class has none.
  return view.watchWithoutClass ? DEFAULT_SERVER : '';
}

const VALID_PATH = /^\/[A-Za-z0-9._\-/]*$/;

function pathTypeErrors(ing: IngressObject): string | undefined {
  const errs: string[] = [];
  for (const rule of ing.spec?.rules ?? []) {
    for (const p of rule.http?.paths ?? []) {
      if (!p.path) continue;
      if (p.pathType === 'ImplementationSpecific') continue;
      if (!VALID_PATH.test(p.path)) errs.push(`path ${p.path} cannot be used with pathType ${p.pathType ?? 'nil'}`);
    }
  }
  return errs.length ? errs.join('\n') : undefined;
}

/** The annotations whose parser reads a boolean (strconv.ParseBool's spellings). */
const BOOL_ANNOTATIONS = ['canary', 'enable-cors', 'force-ssl-redirect', 'ssl-passthrough', 'ssl-redirect', 'use-regex'];
const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

function annotationErrors(ing: IngressObject, config: Readonly<Record<string, string>>): string | undefined {
  const annotations = ing.metadata?.annotations ?? {};
  // Go ranges over the map in no fixed order; kubetab takes the keys sorted.
  const keys = Object.keys(annotations).sort();
  const allowSnippets = config['allow-snippet-annotations'] === 'true';
  for (const key of keys) {
    if (!allowSnippets && key.endsWith('-snippet')) return `${key} annotation cannot be used. Snippet directives are disabled by the Ingress administrator`;
  }
  for (const name of BOOL_ANNOTATIONS) {
    const key = `${PREFIX}/${name}`;
    const v = annotations[key];
    if (v !== undefined && !BOOLS.has(v)) return `annotation ${key} contains invalid value`;
  }
  return undefined;
}

/** parser.GetBoolAnnotation("canary"): missing, or its value. */
function canary(ing: IngressObject): 'missing' | boolean {
  const v = ing.metadata?.annotations?.[`${PREFIX}/canary`];
  if (v === undefined) return 'missing';
  return v === '1' || v.toLowerCase() === 'true' || v === 't' || v === 'T';
}

function creationOrder(a: IngressObject, b: IngressObject): number {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata?.namespace}/${a.metadata?.name}`;
  const kb = `${b.metadata?.namespace}/${b.metadata?.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

interface Location {
  path: string;
  pathType: string;
  ingress: IngressObject;
}

/**
 * The servers' locations the controller would build from `ings` in order: the first Ingress to define
 * a host, path and pathType owns that location.
 */
function locations(ings: readonly IngressObject[]): Map<string, Location[]> {
  const servers = new Map<string, Location[]>();
  for (const ing of ings) {
    for (const rule of ing.spec?.rules ?? []) {
      const host = rule.host || DEFAULT_SERVER;
      for (const p of rule.http?.paths ?? []) {
        if (!p.backend?.service) continue;
        const path = p.path || '/';
        const pathType = p.pathType ?? 'Prefix';
        const locs = servers.get(host) ?? [];
        if (!locs.some((l) => l.path === path && l.pathType === pathType)) locs.push({ path, pathType, ingress: ing });
        servers.set(host, locs);
      }
    }
  }
  return servers;
}

/** checkOverlap: a host and path of `ing` that another Ingress already defines. */
function overlap(ing: IngressObject, others: readonly IngressObject[]): string | undefined {
  const servers = locations([...others, ing]);
  const same = (o: IngressObject) => o.metadata?.namespace === ing.metadata?.namespace && o.metadata?.name === ing.metadata?.name;
  for (const rule of ing.spec?.rules ?? []) {
    if (!rule.http) continue;
    const host = rule.host || DEFAULT_SERVER;
    for (const p of rule.http.paths ?? []) {
      if (!p.backend?.service) continue;
      const path = p.path || '/';
      const existing = (servers.get(host) ?? []).filter((l) => l.path === path).map((l) => l.ingress);
      if (existing.length === 0) continue;
      // As the controller does, the first path already defined decides: the Ingress's own, or a clash.
      if (existing.some(same)) return undefined;
      const mine = canary(ing);
      for (const e of existing) {
        const theirs = canary(e);
        if ((mine === true && theirs === true) || (mine === 'missing' && theirs === 'missing')) {
          return `host "${host}" and path "${path}" is already defined in ingress ${e.metadata?.namespace ?? ''}/${e.metadata?.name ?? ''}`;
        }
      }
      return undefined;
    }
  }
  return undefined;
}

/** CheckIngress: undefined when the Ingress may be admitted, else the controller's error. */
export function checkIngress(ing: IngressObject, view: AdmissionView): string | undefined {
  if (ing.metadata?.deletionTimestamp) return undefined;
  const inspected = deepInspect(ing);
  if (inspected) return `invalid object: ${inspected}`;
  if (ingressClassOf(ing, view) === '') {
    view.log?.('W', `ignoring ingress ${ing.metadata?.name ?? ''} in ${ing.metadata?.namespace ?? ''} based on annotation : ingress does not contain a valid IngressClass`);
    return undefined;
  }
  const config = view.config();
  if (config['strict-validate-path-type'] === 'true') {
    const bad = pathTypeErrors(ing);
    if (bad) return `ingress contains invalid paths: ${bad}`;
  }
  const badAnnotation = annotationErrors(ing, config);
  if (badAnnotation) return badAnnotation;
  const others = view
    .ingresses()
    .filter((o) => !(o.metadata?.namespace === ing.metadata?.namespace && o.metadata?.name === ing.metadata?.name))
    .filter((o) => ingressClassOf(o, view) !== '')
    .slice()
    .sort(creationOrder);
  return overlap(ing, others);
}

// ---- the HTTP handler ------------------------------------------------------------------------------

interface ReviewIn {
  apiVersion?: string;
  kind?: string;
  request?: { uid?: string; kind?: { group?: string; version?: string; kind?: string }; name?: string; namespace?: string; object?: IngressObject };
}

function json(status: number, reason: string, body: unknown): HttpResponse {
  const text = JSON.stringify(body);
  return { status, reason, headers: [['Content-Type', 'application/json'], ['Content-Length', String(new TextEncoder().encode(text).length)]], body: text };
}

/**
 * The handler for one request body: the review back with its response. A body that is no review is a
 * 400, a review of anything but a networking.k8s.io/v1 Ingress a 500, both with no body.
 */
export function handleAdmission(body: string, view: AdmissionView): HttpResponse {
  let review: ReviewIn;
  try {
    review = JSON.parse(body) as ReviewIn;
  } catch {
    view.log?.('E', '"failed to decode request body"');
    return { status: 400, reason: 'Bad Request', headers: [['Content-Length', '0']], body: '' };
  }
  const req = review.request;
  const k = req?.kind;
  if (!req || k?.group !== 'networking.k8s.io' || k.version !== 'v1' || k.kind !== 'Ingress') {
    view.log?.('E', `"failed to process webhook request" err="rejecting admission review because the request does not contain an Ingress resource but ${k?.group ?? ''}/${k?.version ?? ''}, Kind=${k?.kind ?? ''} with name ${req?.name ?? ''} in namespace ${req?.namespace ?? ''}"`);
    return { status: 500, reason: 'Internal Server Error', headers: [['Content-Length', '0']], body: '' };
  }
  const ing: IngressObject = { ...(req.object ?? {}), metadata: { ...(req.object?.metadata ?? {}), namespace: req.object?.metadata?.namespace ?? req.namespace ?? '' } };
  const err = checkIngress(ing, view);
  const id = `${req.namespace ?? ''}/${req.name ?? ''}`;
  if (err) {
    view.log?.('E', `"invalid ingress configuration" err="${err}" ingress="${id}"`);
    return json(200, 'OK', { ...review, response: { uid: req.uid ?? '', allowed: false, status: { metadata: {}, status: 'Failure', message: err, reason: 'BadRequest', code: 400 } } });
  }
  view.log?.('I', `"successfully validated configuration, accepting" ingress="${id}"`);
  return json(200, 'OK', { ...review, response: { uid: req.uid ?? '', allowed: true } });
}

/** The controller's admission listener's application: every request's body is taken as an AdmissionReview. */
export function admissionApp(view: AdmissionView): App {
  return { kind: 'http', serve: (req: HttpRequest): HttpResponse => handleAdmission(req.body ?? '', view) };
}
