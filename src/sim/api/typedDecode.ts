/**
 * The type checks a real API server's JSON decoder makes before anything else: a number where a
 * string belongs (`data: {a: 1}`, an env value `8080`), a string where an integer belongs
 * (`containerPort: "80"`). The message is Go's encoding/json error as the server wraps it:
 *
 *   ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into
 *   Go struct field ConfigMap.data of type string
 *
 * Go names the innermost struct and the JSON path from the root, without list indices. Only the
 * fields learners most often get wrong are checked; the rest decode as written.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonKind(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'number' : `number ${v}`;
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

class TypeMismatch extends Error {}

function fail(value: unknown, struct: string, path: string, type: string): never {
  throw new TypeMismatch(`json: cannot unmarshal ${jsonKind(value)} into Go struct field ${struct}.${path} of type ${type}`);
}

function stringMap(v: unknown, struct: string, path: string): void {
  if (v === undefined || v === null) return;
  if (!isObj(v)) fail(v, struct, path, 'map[string]string');
  for (const x of Object.values(v)) if (x !== null && typeof x !== 'string') fail(x, struct, path, 'string');
}

function int32(v: unknown, struct: string, path: string): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(v, struct, path, 'int32');
}

function objectMeta(m: unknown, path: string): void {
  if (!isObj(m)) return;
  stringMap(m.labels, 'ObjectMeta', `${path}.labels`);
  stringMap(m.annotations, 'ObjectMeta', `${path}.annotations`);
}

function podSpec(spec: unknown, path: string): void {
  if (!isObj(spec)) return;
  stringMap(spec.nodeSelector, 'PodSpec', `${path}.nodeSelector`);
  for (const list of ['initContainers', 'containers']) {
    const cs = spec[list];
    if (!Array.isArray(cs)) continue;
    for (const c of cs) {
      if (!isObj(c)) continue;
      const cp = `${path}.${list}`;
      if (c.image !== undefined && c.image !== null && typeof c.image !== 'string') fail(c.image, 'Container', `${cp}.image`, 'string');
      if (Array.isArray(c.env)) for (const e of c.env) if (isObj(e) && e.value !== undefined && e.value !== null && typeof e.value !== 'string') fail(e.value, 'EnvVar', `${cp}.env.value`, 'string');
      if (Array.isArray(c.ports)) for (const p of c.ports) if (isObj(p)) int32(p.containerPort, 'ContainerPort', `${cp}.ports.containerPort`);
      for (const k of ['command', 'args']) {
        const a = c[k];
        if (Array.isArray(a)) for (const x of a) if (typeof x !== 'string') fail(x, 'Container', `${cp}.${k}`, 'string');
      }
    }
  }
}

/** The decode error for `obj` as kind/version, or undefined when it decodes. */
export function typedDecodeError(obj: unknown, kind: string, version: string): string | undefined {
  if (!isObj(obj)) return undefined;
  try {
    objectMeta(obj.metadata, 'metadata');
    const spec = obj.spec;
    switch (kind) {
      case 'ConfigMap':
        stringMap(obj.data, 'ConfigMap', 'data');
        break;
      case 'Secret':
        stringMap(obj.stringData, 'Secret', 'stringData');
        break;
      case 'Pod':
        podSpec(spec, 'spec');
        break;
      case 'Service':
        if (isObj(spec)) {
          stringMap(spec.selector, 'ServiceSpec', 'spec.selector');
          if (Array.isArray(spec.ports)) for (const p of spec.ports) if (isObj(p)) int32(p.port, 'ServicePort', 'spec.ports.port');
        }
        break;
      case 'Deployment':
      case 'ReplicaSet':
      case 'StatefulSet':
      case 'DaemonSet':
      case 'ReplicationController':
      case 'Job':
        if (isObj(spec)) {
          int32(spec.replicas, `${kind}Spec`, 'spec.replicas');
          const tpl = spec.template;
          if (isObj(tpl)) {
            objectMeta(tpl.metadata, 'spec.template.metadata');
            podSpec(tpl.spec, 'spec.template.spec');
          }
        }
        break;
    }
  } catch (e) {
    if (e instanceof TypeMismatch) return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${e.message}`;
    throw e;
  }
  return undefined;
}
