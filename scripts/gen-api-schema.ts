/**
 * Generates src/sim/api/schema/k8s-1.31.json, the compact API schema the API server decodes requests
 * against: per definition its Go type and per JSON property its type, and which definition each served
 * (group/version, kind) decodes into.
 *
 *   npx tsx scripts/gen-api-schema.ts          # writes the file and prints what it had to settle
 *
 * Sources (devDependencies, pinned):
 * - cdk8s-plus-31's lib/imports/k8s.d.ts, generated from the Kubernetes 1.31.0 OpenAPI: every
 *   definition a client writes, with each property's JSON name (its `@schema Def#json` tag). It leaves
 *   out `apiVersion`, `kind` and `status`, and writes every integer as `number`.
 * - @kubernetes/client-node 1.0.0's models (generated from 1.32.0): each property's type and format
 *   (int32, int64, double, byte, date-time, date-time-micro, int-or-string), and the status types.
 * 1.31 is: for every definition cdk8s has, exactly its properties (plus apiVersion/kind/status from
 * client-node), typed by cdk8s, with formats from client-node; definitions only client-node has,
 * as client-node has them.
 *
 * Go's JSON decoder names a field's Go type in its errors (`of type v1.PullPolicy`); the OpenAPI does
 * not say which string, list and map fields are Go named types, so GO_NAMED_TYPES below records them
 * for the fields a manifest commonly carries (from the k8s.io/api and apimachinery type declarations).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BUILTIN_RESOURCES } from '../src/sim/api/kinds';

const require = createRequire(import.meta.url);
const CDK8S_DTS = join(dirname(require.resolve('cdk8s-plus-31/package.json')), 'lib/imports/k8s.d.ts');
const CLIENT_MODELS = join(dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist/gen/models');
const OUT = join(import.meta.dirname, '../src/sim/api/schema/k8s-1.31.json');

// ---- type expressions ---------------------------------------------------------------------------
// string | bool | int32 | int64 | float64 | bytes | Quantity | IntOrString | Time | MicroTime | any
// | #DefKey | []T | map[string]T, each optionally prefixed by a Go type name: (v1.PullPolicy)string.

/** The short key of a definition: `io.k8s.api.apps.v1.DeploymentSpec` → `apps.v1.DeploymentSpec`. */
function defKey(def: string): string {
  return def
    .replace(/^io\.k8s\.api\./, '')
    .replace(/^io\.k8s\.apimachinery\.pkg\.apis\./, '')
    .replace(/^io\.k8s\.apimachinery\.pkg\./, '')
    .replace(/^io\.k8s\.apiextensions-apiserver\.pkg\.apis\./, '')
    .replace(/^io\.k8s\.kube-aggregator\.pkg\.apis\./, '');
}

/** Definitions that are not structs: they decode through their own UnmarshalJSON, or as raw JSON. */
const SPECIAL: Record<string, string> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'Quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'IntOrString',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'Time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'MicroTime',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'any',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': 'any',
};

/**
 * Go named types of fields (definition key → JSON property → Go type as reflect prints it, for the
 * innermost element of a list and for the field itself otherwise). Unlisted fields are plain Go
 * types: string, []string, map[string]string, int32….
 */
const GO_NAMED_TYPES: Record<string, Record<string, string>> = {
  'meta.v1.ObjectMeta': { uid: 'types.UID' },
  'meta.v1.OwnerReference': { uid: 'types.UID' },
  'meta.v1.LabelSelectorRequirement': { operator: 'v1.LabelSelectorOperator' },
  'meta.v1.ManagedFieldsEntry': { operation: 'v1.ManagedFieldsOperationType' },
  'core.v1.Container': { imagePullPolicy: 'v1.PullPolicy', terminationMessagePolicy: 'v1.TerminationMessagePolicy', restartPolicy: 'v1.ContainerRestartPolicy' },
  'core.v1.EphemeralContainer': { imagePullPolicy: 'v1.PullPolicy', terminationMessagePolicy: 'v1.TerminationMessagePolicy', restartPolicy: 'v1.ContainerRestartPolicy' },
  'core.v1.ContainerPort': { protocol: 'v1.Protocol' },
  'core.v1.ServicePort': { protocol: 'v1.Protocol' },
  'core.v1.EndpointPort': { protocol: 'v1.Protocol' },
  'discovery.v1.EndpointPort': { protocol: 'v1.Protocol' },
  'networking.v1.NetworkPolicyPort': { protocol: 'v1.Protocol' },
  'core.v1.HTTPGetAction': { scheme: 'v1.URIScheme' },
  'core.v1.Capabilities': { add: 'v1.Capability', drop: 'v1.Capability' },
  'core.v1.ResourceRequirements': { limits: 'v1.ResourceList', requests: 'v1.ResourceList' },
  'core.v1.VolumeResourceRequirements': { limits: 'v1.ResourceList', requests: 'v1.ResourceList' },
  'core.v1.ResourceQuotaSpec': { hard: 'v1.ResourceList', scopes: 'v1.ResourceQuotaScope' },
  'core.v1.ResourceQuotaStatus': { hard: 'v1.ResourceList', used: 'v1.ResourceList' },
  'core.v1.LimitRangeItem': { type: 'v1.LimitType', max: 'v1.ResourceList', min: 'v1.ResourceList', default: 'v1.ResourceList', defaultRequest: 'v1.ResourceList', maxLimitRequestRatio: 'v1.ResourceList' },
  'core.v1.NodeStatus': { capacity: 'v1.ResourceList', allocatable: 'v1.ResourceList', phase: 'v1.NodePhase' },
  'core.v1.PersistentVolumeSpec': { capacity: 'v1.ResourceList', accessModes: 'v1.PersistentVolumeAccessMode', persistentVolumeReclaimPolicy: 'v1.PersistentVolumeReclaimPolicy', volumeMode: 'v1.PersistentVolumeMode' },
  'core.v1.PersistentVolumeClaimSpec': { accessModes: 'v1.PersistentVolumeAccessMode', volumeMode: 'v1.PersistentVolumeMode' },
  'core.v1.PersistentVolumeClaimStatus': { capacity: 'v1.ResourceList', allocatedResources: 'v1.ResourceList', accessModes: 'v1.PersistentVolumeAccessMode', phase: 'v1.PersistentVolumeClaimPhase' },
  'core.v1.PodSpec': { restartPolicy: 'v1.RestartPolicy', dnsPolicy: 'v1.DNSPolicy', preemptionPolicy: 'v1.PreemptionPolicy', overhead: 'v1.ResourceList' },
  'core.v1.PodStatus': { phase: 'v1.PodPhase', qosClass: 'v1.PodQOSClass' },
  'core.v1.ContainerStatus': { allocatedResources: 'v1.ResourceList' },
  'autoscaling.v2.MetricValueStatus': { value: 'resource.Quantity', averageValue: 'resource.Quantity' },
  'core.v1.PodCondition': { type: 'v1.PodConditionType', status: 'v1.ConditionStatus' },
  'core.v1.NodeCondition': { type: 'v1.NodeConditionType', status: 'v1.ConditionStatus' },
  'core.v1.PodSecurityContext': { fsGroupChangePolicy: 'v1.PodFSGroupChangePolicy' },
  'core.v1.SeccompProfile': { type: 'v1.SeccompProfileType' },
  'core.v1.AppArmorProfile': { type: 'v1.AppArmorProfileType' },
  'core.v1.Toleration': { operator: 'v1.TolerationOperator', effect: 'v1.TaintEffect' },
  'core.v1.Taint': { effect: 'v1.TaintEffect' },
  'core.v1.NodeSelectorRequirement': { operator: 'v1.NodeSelectorOperator' },
  'core.v1.TopologySpreadConstraint': { whenUnsatisfiable: 'v1.UnsatisfiableConstraintAction', nodeAffinityPolicy: 'v1.NodeInclusionPolicy', nodeTaintsPolicy: 'v1.NodeInclusionPolicy' },
  'core.v1.ServiceSpec': { type: 'v1.ServiceType', sessionAffinity: 'v1.ServiceAffinity', externalTrafficPolicy: 'v1.ServiceExternalTrafficPolicy', internalTrafficPolicy: 'v1.ServiceInternalTrafficPolicy', ipFamilies: 'v1.IPFamily', ipFamilyPolicy: 'v1.IPFamilyPolicy' },
  'core.v1.VolumeMount': { mountPropagation: 'v1.MountPropagationMode', recursiveReadOnly: 'v1.RecursiveReadOnlyMode' },
  'core.v1.EmptyDirVolumeSource': { medium: 'v1.StorageMedium' },
  'core.v1.HostPathVolumeSource': { type: 'v1.HostPathType' },
  'core.v1.Secret': { type: 'v1.SecretType' },
  'core.v1.NamespaceSpec': { finalizers: 'v1.FinalizerName' },
  'core.v1.NamespaceStatus': { phase: 'v1.NamespacePhase' },
  'core.v1.ContainerResizePolicy': { resourceName: 'v1.ResourceName', restartPolicy: 'v1.ResourceResizeRestartPolicy' },
  'core.v1.PodOS': { name: 'v1.OSName' },
  'core.v1.ScopedResourceSelectorRequirement': { scopeName: 'v1.ResourceQuotaScope', operator: 'v1.ScopeSelectorOperator' },
  'apps.v1.DeploymentStrategy': { type: 'v1.DeploymentStrategyType' },
  'apps.v1.StatefulSetSpec': { podManagementPolicy: 'v1.PodManagementPolicyType' },
  'apps.v1.StatefulSetUpdateStrategy': { type: 'v1.StatefulSetUpdateStrategyType' },
  'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': { whenDeleted: 'v1.PersistentVolumeClaimRetentionPolicyType', whenScaled: 'v1.PersistentVolumeClaimRetentionPolicyType' },
  'apps.v1.DaemonSetUpdateStrategy': { type: 'v1.DaemonSetUpdateStrategyType' },
  'batch.v1.CronJobSpec': { concurrencyPolicy: 'v1.ConcurrencyPolicy' },
  'batch.v1.JobSpec': { completionMode: 'v1.CompletionMode', podReplacementPolicy: 'v1.PodReplacementPolicy' },
  'batch.v1.PodFailurePolicyRule': { action: 'v1.PodFailurePolicyAction' },
  'batch.v1.PodFailurePolicyOnExitCodesRequirement': { operator: 'v1.PodFailurePolicyOnExitCodesOperator' },
  'networking.v1.NetworkPolicySpec': { policyTypes: 'v1.PolicyType' },
  'networking.v1.HTTPIngressPath': { pathType: 'v1.PathType' },
  'policy.v1.PodDisruptionBudgetSpec': { unhealthyPodEvictionPolicy: 'v1.UnhealthyPodEvictionPolicyType' },
  'autoscaling.v2.MetricSpec': { type: 'v2.MetricSourceType' },
  'autoscaling.v2.MetricTarget': { type: 'v2.MetricTargetType' },
  'autoscaling.v2.HPAScalingRules': { selectPolicy: 'v2.ScalingPolicySelect' },
  'autoscaling.v2.HPAScalingPolicy': { type: 'v2.HPAScalingPolicyType' },
  'storage.v1.StorageClass': { reclaimPolicy: 'v1.PersistentVolumeReclaimPolicy', volumeBindingMode: 'v1.VolumeBindingMode' },
};

// ---- cdk8s-plus-31: the 1.31 property sets ---------------------------------------------------------

interface CdkProp {
  json: string;
  ts: string;
}
interface CdkDef {
  def: string;
  props: CdkProp[];
}

function parseCdk8s(): { defs: Map<string, CdkDef>; tsToDef: Map<string, string>; gvkToDef: Map<string, string> } {
  const lines = readFileSync(CDK8S_DTS, 'utf8').split('\n');
  const defs = new Map<string, CdkDef>();
  const tsToDef = new Map<string, string>();
  const gvkToDef = new Map<string, string>();
  let lastSchema = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const tag = /^ \* @schema (\S+)$/.exec(line);
    if (tag) lastSchema = tag[1]!;
    const cls = /^export declare class (\w+)/.exec(line);
    if (cls) tsToDef.set(cls[1]!, lastSchema);
    const iface = /^export interface (\w+) \{$/.exec(line);
    if (!iface) continue;
    const def = lastSchema;
    tsToDef.set(iface[1]!, def);
    const props: CdkProp[] = [];
    let propJson = '';
    for (i++; i < lines.length && lines[i] !== '}'; i++) {
      const l = lines[i]!;
      const pt = /@schema \S+#(\S+)$/.exec(l);
      if (pt) propJson = pt[1]!;
      const decl = /^ {4}readonly [\w$]+\??: (.*)$/.exec(l);
      if (!decl) continue;
      let ts = decl[1]!;
      const open = (x: string): number => x.split('{').length - x.split('}').length;
      while (!ts.endsWith(';') || open(ts) > 0) ts += ' ' + lines[++i]!.trim();
      props.push({ json: propJson, ts: ts.slice(0, -1).replace(/\s+/g, ' ').trim() });
    }
    if (!defs.has(def)) defs.set(def, { def, props });
  }
  // KubeX classes name the definition of each kind; k8s.js gives their apiVersion and kind.
  const js = readFileSync(CDK8S_DTS.replace(/\.d\.ts$/, '.js'), 'utf8');
  const jsLines = js.split('\n');
  for (let i = 0; i < jsLines.length; i++) {
    const cls = /^(\w+)\.GVK = \{$/.exec(jsLines[i]!);
    const api = /^ {4}apiVersion: '([^']+)',$/.exec(jsLines[i + 1] ?? '');
    const kind = /^ {4}kind: '([^']+)',$/.exec(jsLines[i + 2] ?? '');
    const def = cls && tsToDef.get(cls[1]!);
    if (def && api && kind) gvkToDef.set(`${api[1]}/${kind[1]}`, def);
  }
  return { defs, tsToDef, gvkToDef };
}

// ---- client-node: formats, and the definitions cdk8s leaves out ----------------------------------

interface ClientAttr {
  baseName: string;
  type: string;
  format: string;
}

function loadClientModels(): Map<string, ClientAttr[]> {
  const out = new Map<string, ClientAttr[]>();
  for (const f of readdirSync(CLIENT_MODELS)) {
    if (!f.endsWith('.js') || f === 'ObjectSerializer.js' || f === 'all.js') continue;
    const text = readFileSync(join(CLIENT_MODELS, f), 'utf8');
    const m = /attributeTypeMap = (\[[\s\S]*?\]);/.exec(text);
    if (!m) continue;
    out.set(f.slice(0, -3), JSON.parse(m[1]!) as ClientAttr[]);
  }
  return out;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** client-node class names a definition may have: V1DeploymentSpec, or CoreV1EndpointPort where names clash. */
function clientNames(def: string): string[] {
  const parts = def.split('.');
  const name = parts[parts.length - 1]!;
  const version = parts[parts.length - 2]!;
  const group = parts[parts.length - 3]!;
  return [`${capital(version)}${name}`, `${capital(group)}${capital(version)}${name}`];
}

// ---- building ----------------------------------------------------------------------------------

interface OutDef {
  go: string;
  props: Record<string, string>;
}

const report: string[] = [];
const counts = { cdkProps: 0, formatFromClient: 0, typeDisagreements: 0, missingInClient: 0, clientOnlyDefs: 0, addedTopLevel: 0, refsFromClient: 0 };

function main(): void {
  const cdk = parseCdk8s();
  const client = loadClientModels();
  const out = new Map<string, OutDef>();
  const clientClassOf = (def: string): string | undefined => clientNames(def).find((n) => client.has(n));

  // Which definition each client-node class is, for the definitions only client-node has: its
  // package follows the definition that refers to it (a status type lives beside its kind).
  const defOfClientType = (cls: string, fromDef: string): string => {
    for (const [def] of cdk.defs) if (clientClassOf(def) === cls) return def;
    const m = /^([A-Z][a-z]*)?(V\d+(?:alpha\d+|beta\d+)?)(\w+)$/.exec(cls);
    if (!m) throw new Error(`cannot place client-node type ${cls}`);
    const version = m[2]!.toLowerCase();
    const name = m[3]!;
    const pkg = fromDef.split('.').slice(0, -2).join('.');
    if (name === 'Condition' && version === 'v1') return 'io.k8s.apimachinery.pkg.apis.meta.v1.Condition';
    return `${pkg}.${version}.${name}`;
  };

  const pending: string[] = [];
  const want = (def: string): string => {
    if (SPECIAL[def]) return SPECIAL[def]!;
    if (!out.has(def) && !pending.includes(def)) pending.push(def);
    return `#${defKey(def)}`;
  };

  const fromClientType = (t: string, format: string, fromDef: string): string => {
    const arr = /^Array<(.*)>$/.exec(t);
    if (arr) return `[]${fromClientType(arr[1]!, format, fromDef)}`;
    const map = /^\{ \[key: string\]: (.*); \}$/.exec(t);
    if (map) return `map[string]${fromClientType(map[1]!, format, fromDef)}`;
    switch (t) {
      case 'string':
        return format === 'byte' ? 'bytes' : 'string';
      case 'boolean':
        return 'bool';
      case 'number':
        return format === 'int32' ? 'int32' : format === 'int64' ? 'int64' : 'float64';
      case 'Date':
        return format === 'date-time-micro' ? 'MicroTime' : 'Time';
      case 'any':
        return 'any';
      case 'IntOrString':
        return 'IntOrString';
    }
    if (format === 'date-time-micro') return 'MicroTime';
    return want(defOfClientType(t, fromDef));
  };

  const fromCdkType = (ts: string, fromDef: string, attr: ClientAttr | undefined): string => {
    const arr = /^(\w+)\[\]$/.exec(ts);
    if (arr) {
      const inner = attr ? { ...attr, type: attr.type.replace(/^Array<(.*)>$/, '$1') } : undefined;
      return `[]${fromCdkType(arr[1]!, fromDef, inner)}`;
    }
    const map = /^\{ \[key: string\]: (.*?);? \}$/.exec(ts);
    if (map) {
      const inner = attr ? { ...attr, type: attr.type.replace(/^\{ \[key: string\]: (.*); \}$/, '$1') } : undefined;
      return `map[string]${fromCdkType(map[1]!, fromDef, inner)}`;
    }
    switch (ts) {
      case 'string':
        return attr?.format === 'byte' ? 'bytes' : 'string';
      case 'boolean':
        return 'bool';
      case 'number':
        if (attr?.format === 'int32' || attr?.format === 'int64') return attr.format;
        if (attr?.format === 'double') return 'float64';
        report.push(`no integer format for ${fromDef}: number → int64 assumed`);
        return 'int64';
      case 'Date':
        return attr?.format === 'date-time-micro' ? 'MicroTime' : 'Time';
      case 'any':
        return 'any';
      case 'Quantity':
        return 'Quantity';
      case 'IntOrString':
        return 'IntOrString';
    }
    const def = cdk.tsToDef.get(ts);
    if (!def) throw new Error(`unknown cdk8s type ${ts} in ${fromDef}`);
    return want(def);
  };

  /** The client-node type reduced to the same shape as ours, to count disagreements. */
  const compareShape = (t: string): string => t.replace(/#[\w.]+/g, '#').replace(/Quantity/g, 'string').replace(/IntOrString/g, 'IntOrString');

  const build = (def: string): void => {
    const key = defKey(def);
    const name = def.split('.').pop()!;
    const pkg = def.split('.').slice(-2, -1)[0]!;
    const props: Record<string, string> = {};
    const cls = clientClassOf(def);
    const attrs = cls ? client.get(cls)! : undefined;
    const attrOf = (json: string): ClientAttr | undefined => attrs?.find((a) => a.baseName === json);
    const cdkDef = cdk.defs.get(def);
    if (cdkDef) {
      for (const p of cdkDef.props) {
        counts.cdkProps++;
        const attr = attrOf(p.json);
        if (!attr) {
          counts.missingInClient++;
          report.push(`${key}.${p.json}: not in client-node 1.32 (type from cdk8s)`);
        } else if (/number/.test(p.ts)) counts.formatFromClient++;
        const t = fromCdkType(p.ts, def, attr);
        props[p.json] = t;
        if (attr) {
          const ct = fromClientType(attr.type, attr.format, def);
          if (compareShape(ct) !== compareShape(t)) {
            counts.typeDisagreements++;
            report.push(`${key}.${p.json}: cdk8s ${t}, client-node ${ct} (cdk8s kept)`);
          } else if (ct !== t && ct.includes('#')) {
            // cdk8s merges definitions that look alike (discovery's EndpointPort into core's);
            // client-node keeps them apart, as the API does.
            counts.refsFromClient++;
            report.push(`${key}.${p.json}: refers to ${ct} (cdk8s: ${t})`);
            props[p.json] = ct;
          }
        }
      }
      // cdk8s writes apiVersion and kind itself and leaves status out; the API has them.
      for (const extra of ['apiVersion', 'kind', 'status']) {
        const attr = attrOf(extra);
        if (attr && !(extra in props)) {
          props[extra] = fromClientType(attr.type, attr.format, def);
          counts.addedTopLevel++;
        }
      }
    } else {
      if (!attrs) throw new Error(`no source for ${def}`);
      counts.clientOnlyDefs++;
      for (const a of attrs) props[a.baseName] = fromClientType(a.type, a.format, def);
    }
    for (const [prop, goName] of Object.entries(GO_NAMED_TYPES[key] ?? {})) {
      const t = props[prop];
      if (t === undefined) throw new Error(`GO_NAMED_TYPES names ${key}.${prop}, which the schema lacks`);
      props[prop] = nameType(t, goName);
    }
    out.set(def, { go: `${pkg}.${name}`, props });
  };

  const kinds: Record<string, Record<string, string>> = {};
  for (const r of BUILTIN_RESOURCES) {
    const gv = r.group ? `${r.group}/${r.version}` : r.version;
    const def = cdk.gvkToDef.get(`${gv}/${r.kind}`) ?? `io.k8s.api.${r.group ? r.group.split('.')[0] : 'core'}.${r.version}.${r.kind}`;
    if (!cdk.defs.has(def)) report.push(`${gv} ${r.kind}: not in cdk8s, ${defKey(def)} from client-node`);
    want(def);
    (kinds[gv] ??= {})[r.kind] = defKey(def);
  }
  while (pending.length > 0) {
    const def = pending.shift()!;
    if (!out.has(def)) build(def);
  }
  for (const [named] of Object.entries(GO_NAMED_TYPES)) {
    if (![...out.keys()].some((d) => defKey(d) === named)) throw new Error(`GO_NAMED_TYPES names ${named}, which is not reachable`);
  }

  const defs: Record<string, OutDef> = {};
  for (const def of [...out.keys()].sort()) defs[defKey(def)] = out.get(def)!;
  const doc = { version: '1.31.0', kinds, defs };
  writeFileSync(OUT, JSON.stringify(doc) + '\n');
  console.log(`wrote ${OUT}: ${Object.keys(defs).length} definitions, ${Object.values(kinds).reduce((n, k) => n + Object.keys(k).length, 0)} kinds`);
  console.log(JSON.stringify(counts));
  for (const r of report) console.log('  ' + r);
}

/**
 * Puts a Go type name on a type: on the element of a list (`[]v1.IPFamily`), on the field itself
 * otherwise (`v1.PullPolicy`, `v1.ResourceList`).
 */
function nameType(t: string, goName: string): string {
  if (t.startsWith('[]')) return `[]${nameType(t.slice(2), goName)}`;
  // A quantity is always resource.Quantity, and a ResourceList a map of them, whatever a generator
  // that writes them as strings says.
  if (goName === 'resource.Quantity') return 'Quantity';
  if (goName === 'v1.ResourceList') return `(${goName})map[string]Quantity`;
  return `(${goName})${t}`;
}

main();
