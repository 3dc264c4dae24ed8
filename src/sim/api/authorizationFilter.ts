/**
 * The filters kube-apiserver runs before a handler: authentication (the user the credentials name),
 * impersonation (when the client asks to be served as someone else), then authorization. A denial is
 * the 403 the filter writes; each decision is kept on the request's record for the request log.
 */
import type { Authenticator } from '../auth/authn';
import type { AuthorizerChain } from '../auth/chain';
import type { UserInfo } from '../auth/types';
import type { StoredObject, KObject } from '../types';
import type { AuthorizationMode, Impersonation, RequestAuthorizer } from './authorization';
import { forbiddenError, impersonate, resourceAttributes } from './authorization';
import type { KeptRequest } from './conversation/recorder';
import { RBAC_GROUP, rbacWriteRefusal } from './rbacWrites';
import type { RegisteredResource } from './registry';
import { parseFieldSelector } from './fields';
import type { AuditRecord, ListOptions } from './types';

/** What the filter reads of its server, each time it is asked (the mode and bootstrapping change). */
export interface AuthorizationFilterContext {
  readonly authn: Authenticator;
  readonly authorizer: AuthorizerChain;
  /** kube-apiserver's `--authorization-mode` now */
  mode(): AuthorizationMode;
  /** whether the server is writing its own start-up objects, which nobody authorizes */
  bootstrapping(): boolean;
}

/** The resource a request names, as far as authorization reads it. */
export type AuthorizedResource = Pick<RegisteredResource['def'], 'group' | 'version' | 'plural' | 'namespaced'>;

export class AuthorizationFilter {
  /** What the requests sent now ask to be served as (`--as`), while `impersonating` runs. */
  private impersonation: Impersonation | undefined;

  constructor(private readonly ctx: AuthorizationFilterContext) {}

  /**
   * Runs `fn` with its requests asking to be served as `as` (kubectl's `--as`, `--as-group`): each is
   * first authorized for `impersonate` on the user (or ServiceAccount) and each group, then served as
   * that user.
   */
  impersonating<T>(as: Impersonation, fn: () => T): T {
    const before = this.impersonation;
    this.impersonation = as;
    try {
      return fn();
    } finally {
      this.impersonation = before;
    }
  }

  /** Who an observer's request is answered as: its user, or whom it impersonates (a review asked `--as`). */
  observerSubject(user: string): UserInfo {
    const requester = this.ctx.authn.userInfo(user);
    if (!this.impersonation) return requester;
    const out = impersonate(this.enforcing() ? this.ctx.authorizer : ALLOW_ALL, requester, this.impersonation);
    if ('denied' in out) throw out.denied;
    return out.user;
  }

  /**
   * Authenticates, impersonates and authorizes one request, noting each decision on `talk` and `rec`;
   * returns the user it is served as, or throws the 403. A list or watch is authorized with the name
   * its field selector pins exactly (`metadata.name=web`), so a rule's resourceNames can allow it.
   */
  authenticateAndAuthorize(user: string, verb: string, def: AuthorizedResource, namespace: string | undefined, urlName: string | undefined, subresource: string | undefined, query: ListOptions | undefined, talk: KeptRequest, rec: AuditRecord): UserInfo {
    const requester = this.ctx.authn.userInfo(user);
    const enforcing = this.enforcing() && !this.ctx.bootstrapping();
    let subject = requester;
    if (this.impersonation) {
      const out = impersonate(enforcing ? this.ctx.authorizer : ALLOW_ALL, requester, this.impersonation);
      talk.impersonation = out.checks;
      if ('denied' in out) throw out.denied;
      subject = out.user;
      rec.impersonatedUser = subject.name;
      talk.impersonated = subject;
    }
    const selected = urlName === undefined ? selectedName(verb, query) : undefined;
    if (selected !== undefined) talk.selectedName = selected;
    if (!enforcing) return subject;
    const a = resourceAttributes(subject, verb, def.group, def.version, def.plural, subresource, def.namespaced ? namespace : undefined, urlName ?? selected);
    const decision = this.ctx.authorizer.authorize(a);
    talk.authz = decision;
    if (!decision.allowed) throw forbiddenError(a, decision.reason);
    return subject;
  }

  /** The RBAC storage's escalation and bind checks, when authorization is on. */
  checkRbacWrite(requestUser: UserInfo | undefined, r: RegisteredResource, obj: KObject, cur?: StoredObject): void {
    if (r.def.group !== RBAC_GROUP || !this.enforcing() || this.ctx.bootstrapping() || !requestUser) return;
    const refusal = rbacWriteRefusal(this.ctx.authorizer, requestUser, r.def.plural, obj, cur);
    if (refusal) throw refusal;
  }

  private enforcing(): boolean {
    return this.ctx.mode() === 'Node,RBAC';
  }
}

/**
 * The name a list or watch is about, as kube-apiserver's RequestInfoFactory finds it: the value of an
 * exact `metadata.name` requirement of its field selector (`=` or `==`), when that value could be a
 * path segment. A selector that does not parse names nothing (the request then fails on its own).
 */
export function selectedName(verb: string, query: ListOptions | undefined): string | undefined {
  if ((verb !== 'list' && verb !== 'watch') || !query?.fieldSelector) return undefined;
  let name: string | undefined;
  try {
    name = parseFieldSelector(query.fieldSelector).requiresExactMatch('metadata.name');
  } catch {
    return undefined;
  }
  return name !== undefined && validPathSegment(name) ? name : undefined;
}

/** path.IsValidPathSegmentName: not `.` or `..`, and neither `/` nor `%` in it. */
function validPathSegment(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

/** What impersonation asks with authorization off (`AlwaysAllow`). */
const ALLOW_ALL: RequestAuthorizer = {
  authorize: () => ({ allowed: true, reason: '', considered: [] }),
  rulesFor: () => ({ resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false }),
};
