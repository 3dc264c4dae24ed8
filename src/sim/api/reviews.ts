/**
 * The review APIs: create-only resources whose answer is computed, never stored. Access reviews
 * (`kubectl auth can-i`) ask the authorizer chain about a request a user might make; the rules review
 * (`can-i --list`) asks what the user may do in a namespace; the SelfSubjectReview (`kubectl auth
 * whoami`) says who the caller authenticated as.
 */
import type { RequestAttributes, UserInfo } from '../auth/types';
import type { RequestAuthorizer } from './authorization';
import { badRequest } from './errors';
import type { FieldError, StatusError } from './types';
import type { KObject, StoredObject } from '../types';
import { deepCopy } from '../types';

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';
export const AUTHENTICATION_GROUP = 'authentication.k8s.io';

const REVIEWS = new Set(['selfsubjectaccessreviews', 'subjectaccessreviews', 'localsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

/** Whether `group`/`plural` is one of the review resources this module answers. */
export function isReview(group: string, plural: string): boolean {
  return (group === AUTHORIZATION_GROUP || group === AUTHENTICATION_GROUP) && REVIEWS.has(plural);
}

export interface ReviewContext {
  readonly authorizer: RequestAuthorizer;
  /** who the create is served as */
  readonly user: UserInfo;
  /** the namespace in the URL (LocalSubjectAccessReview) */
  readonly namespace: string | undefined;
  /** the Invalid error of the kind being created, unnamed */
  invalid(errs: FieldError[]): StatusError;
}

interface ResourceAttributesSpec {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}
interface NonResourceAttributesSpec {
  path?: string;
  verb?: string;
}
interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributesSpec;
  nonResourceAttributes?: NonResourceAttributesSpec;
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}
type Review = KObject & { spec?: AccessReviewSpec & { namespace?: string } };

/**
 * Answers a create of a review resource: the request's object, already decoded and type-checked by the
 * create handler as any object is, with its status filled in.
 */
export function serveReview(plural: string, body: KObject, ctx: ReviewContext): StoredObject {
  const review = deepCopy(body) as Review;
  switch (plural) {
    case 'selfsubjectaccessreviews':
      return accessReview(review, ctx.user, ctx, 'SelfSubjectAccessReview');
    case 'subjectaccessreviews':
      return accessReview(review, subjectOf(review.spec), ctx, 'SubjectAccessReview');
    case 'localsubjectaccessreviews':
      return accessReview(review, subjectOf(review.spec), ctx, 'LocalSubjectAccessReview');
    case 'selfsubjectrulesreviews':
      return rulesReview(review, ctx);
    default:
      return selfSubjectReview(ctx.user);
  }
}

/** SubjectAccessReview's user: exactly as the spec gives it (no group is added). */
function subjectOf(spec: AccessReviewSpec | undefined): UserInfo {
  return { name: spec?.user ?? '', groups: spec?.groups ?? [] };
}

const NULL = '"null"';

/** The validation of the three access reviews (authorization/validation). */
function validateAccessReview(review: Review, kind: string, namespace: string | undefined): FieldError[] {
  const spec = review.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) errs.push({ field: 'spec.nonResourceAttributes', type: 'FieldValueInvalid', badValue: '{}', detail: 'cannot be specified in combination with resourceAttributes' });
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) errs.push({ field: 'spec.resourceAttributes', type: 'FieldValueInvalid', badValue: NULL, detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' });
  if (kind !== 'SelfSubjectAccessReview' && !spec.user && !(spec.groups && spec.groups.length > 0)) errs.push({ field: 'spec.user', type: 'FieldValueInvalid', badValue: '""', detail: 'at least one of user or group must be specified' });
  if (kind === 'LocalSubjectAccessReview') {
    const ns = review.metadata?.namespace ?? namespace ?? '';
    if (spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== ns) errs.push({ field: 'spec.resourceAttributes.namespace', type: 'FieldValueInvalid', badValue: JSON.stringify(spec.resourceAttributes.namespace ?? ''), detail: 'must match metadata.namespace' });
    if (spec.nonResourceAttributes) errs.push({ field: 'spec.nonResourceAttributes', type: 'FieldValueInvalid', badValue: '{}', detail: 'disallowed on this kind of request' });
  }
  return errs;
}

/** authorizationutil.ResourceAttributesFrom / NonResourceAttributesFrom: an empty version matches every version. */
export function reviewAttributes(user: UserInfo, spec: AccessReviewSpec): RequestAttributes {
  const r = spec.resourceAttributes;
  if (r) {
    return { user, verb: r.verb ?? '', resourceRequest: true, apiGroup: r.group ?? '', apiVersion: r.version || '*', resource: r.resource ?? '', subresource: r.subresource ?? '', namespace: r.namespace ?? '', name: r.name ?? '', path: '' };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { user, verb: n.verb ?? '', resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', path: n.path ?? '' };
}

function accessReview(review: Review, user: UserInfo, ctx: ReviewContext, kind: string): StoredObject {
  if (kind === 'LocalSubjectAccessReview') {
    // The create handler's decode already gave the object the URL's namespace or refused one naming another.
    if (!ctx.namespace) throw badRequest('namespace is required on this type: ');
  }
  const errs = validateAccessReview(review, kind, ctx.namespace);
  if (errs.length > 0) throw ctx.invalid(errs);
  const decision = ctx.authorizer.authorize(reviewAttributes(user, review.spec ?? {}));
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return answer(AUTHORIZATION_GROUP, kind, { ...(kind === 'LocalSubjectAccessReview' ? { namespace: ctx.namespace } : {}) }, { spec: review.spec ?? {}, status });
}

function rulesReview(review: Review, ctx: ReviewContext): StoredObject {
  const namespace = review.spec?.namespace ?? '';
  if (!namespace) throw badRequest('no namespace on request');
  const rules = ctx.authorizer.rulesFor(ctx.user, namespace);
  const status: Record<string, unknown> = { resourceRules: rules.resourceRules, nonResourceRules: rules.nonResourceRules, incomplete: rules.incomplete };
  if (rules.evaluationError) status.evaluationError = rules.evaluationError;
  return answer(AUTHORIZATION_GROUP, 'SelfSubjectRulesReview', {}, { spec: {}, status });
}

function selfSubjectReview(user: UserInfo): StoredObject {
  return answer(AUTHENTICATION_GROUP, 'SelfSubjectReview', {}, { status: { userInfo: { username: user.name, groups: [...user.groups] } } });
}

/** The response object: never stored, so its metadata has no name, uid or resourceVersion (`creationTimestamp: null`). */
function answer(group: string, kind: string, metadata: Record<string, unknown>, rest: Record<string, unknown>): StoredObject {
  return { apiVersion: `${group}/v1`, kind, metadata: { ...metadata, creationTimestamp: null }, ...rest } as unknown as StoredObject;
}
