/**
 * The API server's vocabulary: resource definitions, request options, watch events and Status errors.
 */
import type { KObject, StoredObject } from '../types';

/** A field-level validation error, as the API server's field.Error. */
export interface FieldError {
  /** e.g. `spec.template.spec.containers[0].image` */
  field: string;
  /** `FieldValueRequired`, `FieldValueInvalid`, `FieldValueNotSupported`, `FieldValueForbidden`, `FieldValueDuplicate`, `FieldValueTooLong`, `FieldValueTypeInvalid` */
  type: FieldErrorType;
  /** the value shown after "Invalid value:" (already rendered as the API server renders it), if any */
  badValue?: string;
  /** the detail text after the value */
  detail?: string;
}
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotFound';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'Gone'
  | 'Expired'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'TooManyRequests'
  | 'NoMatch'
  | 'ServiceUnavailable'
  /** metav1.StatusReasonUnknown: a Status a handler returned with only a code and a message. */
  | '';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.Status as returned for a failed request. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: StatusReason;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** Thrown by every API call that fails; carries the Status object a real API server returns. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'StatusError';
  }
  get reason(): StatusReason {
    return this.status.reason;
  }
  get code(): number {
    return this.status.code;
  }
}

export function isStatusError(e: unknown, reason?: StatusReason): e is StatusError {
  return e instanceof StatusError && (reason === undefined || e.status.reason === reason);
}

/** Which fields of a kind an update may change, and which subresources it has. */
export interface ResourceDefinition {
  group: string; // '' for core
  version: string;
  kind: string;
  /** lower-case plural: `pods`, `deployments` */
  plural: string;
  /** lower-case singular: `pod`, `deployment` */
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** subresources this kind serves: `status`, `scale`, `binding`, `eviction`, `log` */
  subresources: string[];
  /** Fields the main resource owns; on `update` of the main resource, `status` is kept from the old object when true. */
  hasStatus: boolean;
  /** Kinds whose spec changes bump metadata.generation (most workload kinds do; Pods and Nodes don't use generation for spec in the same way). */
  tracksGeneration: boolean;
  /** Kubernetes category for `kubectl get all` */
  categories?: string[];
}

/** Strategy hooks one kind supplies. Pure functions; the API server calls them. */
export interface ResourceStrategy {
  /** Fill defaults in place on a create or update body (after decode, before validation). */
  defaults?(obj: KObject): void;
  /** Validation on create; return every field error (empty when valid). */
  validateCreate?(obj: KObject): FieldError[];
  /** Validation on update, given the stored object; includes immutability checks. */
  validateUpdate?(obj: KObject, old: StoredObject): FieldError[];
  /** Validation of a status update. */
  validateStatusUpdate?(obj: KObject, old: StoredObject): FieldError[];
  /**
   * What a strategy does on create once the object has its UID (the Job strategy generates its
   * `batch.kubernetes.io/controller-uid` selector and pod labels here).
   */
  prepareWithUid?(obj: KObject): void;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T = StoredObject> {
  type: WatchEventType;
  object: T;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** For watch: start after this revision (replaying history since then). For list: ignored (always latest). */
  resourceVersion?: string;
}

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type PatchType = 'merge' | 'strategic' | 'json';

/**
 * The fieldValidation query parameter: what the server does with unknown fields in a request body.
 * Strict refuses the request, Warn drops them with a warning, Ignore drops them silently.
 */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/**
 * What a client that sends objects from outside adds to a create or patch (kubectl does): the body is
 * decoded against the API schema before anything else, with this field validation. Requests without
 * it are the components' own, typed by construction, and are not decoded.
 */
export interface DecodeOptions {
  fieldValidation?: FieldValidation;
  /** receives each warning the server sends back (the Warning response header) */
  onWarning?: (text: string) => void;
}

export interface ListResult<T = StoredObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string };
  items: T[];
}

/** One line of the API server's audit record: who did what, when, and how it ended. */
export interface AuditRecord {
  atMs: number;
  user: string;
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  code: number;
  /** the user the request was served as, when the client impersonated one (`--as`) */
  impersonatedUser?: string;
}
