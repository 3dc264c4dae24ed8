/**
 * Everything kube-scheduler checks between reading `--config` and running, in its order, so that a
 * configuration that would stop the real process is refused before a cluster is built:
 *
 *   1. decoding (types, int32/int64 ranges, unknown fields), then each plugin's `<Plugin>Args`;
 *   2. ValidateKubeSchedulerConfiguration (validation.ts);
 *   3. building each profile's framework: every plugin named must exist and implement the extension
 *      point it is listed at, no plugin twice at a point, exactly one QueueSort and at least one Bind.
 *
 * Step 3 uses a table of the in-tree plugins' extension points instead of the plugins themselves, so
 * the page can check a share link without loading the scheduler.
 */
import { DEFAULT_SCHEDULER_NAME, IN_TREE_PLUGIN_POINTS, mergePlugins, defaultPlugins } from './config';
import type { ExtensionPoint, KubeSchedulerConfiguration, KubeSchedulerProfile, PluginRef } from './config';
import { KUBE_SCHEDULER_CONFIGURATION, PLUGIN_ARGS } from './configSchema';
import { decodeGo } from './goJson';
import { ConfigurationError, validateKubeSchedulerConfiguration } from './validation';
import type { ConfigProblem } from './validation';

const API_VERSION = 'kubescheduler.config.k8s.io/v1';
const own = <T>(o: Readonly<Record<string, T>>, k: string): T | undefined => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const GROUP = 'kubescheduler.config.k8s.io';

/** The order NewFramework fills the extension points in (getExtensionPoints), which decides which error comes first. */
const BUILD_ORDER: readonly ExtensionPoint[] = ['preFilter', 'filter', 'postFilter', 'reserve', 'preScore', 'score', 'preBind', 'bind', 'postBind', 'permit', 'preEnqueue', 'queueSort'];

/** The Go interface each point's plugins implement, as the framework's errors name it. */
const INTERFACE: Record<ExtensionPoint, string> = {
  preEnqueue: 'PreEnqueuePlugin', queueSort: 'QueueSortPlugin', preFilter: 'PreFilterPlugin', filter: 'FilterPlugin', postFilter: 'PostFilterPlugin', preScore: 'PreScorePlugin',
  score: 'ScorePlugin', reserve: 'ReservePlugin', permit: 'PermitPlugin', preBind: 'PreBindPlugin', bind: 'BindPlugin', postBind: 'PostBindPlugin',
};

export interface CheckOptions {
  /** Plugins registered besides the in-tree ones; their extension points are checked when the framework is built. */
  extraPlugins?: ReadonlySet<string>;
}

function fail(problems: ConfigProblem[]): never {
  throw new ConfigurationError(problems);
}

function checkApiVersionAndKind(cfg: KubeSchedulerConfiguration): void {
  // kubetab lets a scenario leave them out; when given they must be the v1 ones.
  const errs: ConfigProblem[] = [];
  if (cfg.apiVersion !== undefined && cfg.apiVersion !== API_VERSION) errs.push({ field: 'apiVersion', message: `Unsupported value: ${JSON.stringify(cfg.apiVersion)}: supported values: "${API_VERSION}"` });
  if (cfg.kind !== undefined && cfg.kind !== 'KubeSchedulerConfiguration') errs.push({ field: 'kind', message: `Unsupported value: ${JSON.stringify(cfg.kind)}: supported values: "KubeSchedulerConfiguration"` });
  if (errs.length) fail(errs);
}

/** Decodes each plugin's args into its `<Plugin>Args` kind (DecodeNestedObjects); other plugins' args pass as they are. */
function decodeArgs(cfg: KubeSchedulerConfiguration): void {
  const strict: string[] = [];
  (cfg.profiles ?? []).forEach((p, i) => {
    (p.pluginConfig ?? []).forEach((pc, j) => {
      const name = pc.name ?? '';
      const schema = own(PLUGIN_ARGS, name);
      if (!schema || pc.args === undefined) return;
      const where = `decoding .profiles[${i}].pluginConfig[${j}]: decoding args for plugin ${name}`;
      const out = decodeGo<Record<string, unknown>>(pc.args, schema);
      if (!out.ok && out.kind === 'type') fail([{ message: `${where}: ${out.message}` }]);
      if (!out.ok) {
        strict.push(`${where}: ${out.message}`);
        return;
      }
      const args = out.value ?? {};
      const kind = args.kind as string | undefined;
      const want = `${name}Args`;
      if (kind !== undefined && kind !== want) {
        const group = String(args.apiVersion ?? '').split('/')[0] ?? '';
        fail([{ message: `args for plugin ${name} were not of type ${want}.${GROUP}, got ${kind}${group ? `.${group}` : ''}` }]);
      }
      pc.args = args;
    });
  });
  if (strict.length) fail([{ message: `strict decoding error: ${strict.join(', ')}` }]);
}

interface Entry {
  ref: PluginRef;
  /** Where the user wrote it, or undefined for a default plugin. */
  field?: string;
}

/** The user's entries at a point, each with its path. */
function userEntries(profile: KubeSchedulerProfile, point: ExtensionPoint | 'multiPoint', path: string): Map<PluginRef, string> {
  const out = new Map<PluginRef, string>();
  (profile.plugins?.[point]?.enabled ?? []).forEach((ref, j) => out.set(ref, `${path}.plugins.${point}.enabled[${j}]`));
  return out;
}

/** NewFramework's checks for one profile: the first error, as the real one stops at it. */
function checkProfile(profile: KubeSchedulerProfile, path: string, pointsOf: (name: string) => readonly ExtensionPoint[] | 'unknown' | undefined): ConfigProblem | undefined {
  const plugins = mergePlugins(defaultPlugins((n) => own(IN_TREE_PLUGIN_POINTS, n) !== undefined), profile.plugins);
  const name = profile.schedulerName ?? DEFAULT_SCHEDULER_NAME;
  const implementsPoint = (n: string, point: ExtensionPoint): boolean => {
    const pts = pointsOf(n);
    return pts === 'unknown' || (pts !== undefined && pts.includes(point));
  };
  const counts = new Map<ExtensionPoint, number>();
  const explicit = new Map<ExtensionPoint, Set<string>>();
  for (const point of BUILD_ORDER) {
    const origin = userEntries(profile, point, path);
    const names = new Set<string>();
    for (const ref of plugins[point]?.enabled ?? []) {
      const field = origin.get(ref) ?? `${path}.plugins.${point}`;
      const n = ref.name ?? '';
      if (pointsOf(n) === undefined) return { field, message: `${INTERFACE[point]} ${JSON.stringify(n)} does not exist` };
      if (!implementsPoint(n, point)) return { field, message: `plugin ${JSON.stringify(n)} does not extend ${INTERFACE[point]} plugin` };
      if (names.has(n)) return { field, message: `plugin ${JSON.stringify(n)} already registered as ${JSON.stringify(INTERFACE[point])}` };
      names.add(n);
    }
    explicit.set(point, names);
    counts.set(point, names.size);
  }
  const multi: Entry[] = [];
  const origin = userEntries(profile, 'multiPoint', path);
  for (const ref of plugins.multiPoint?.enabled ?? []) multi.push({ ref, field: origin.get(ref) });
  if (multi.length > 0) {
    for (const point of BUILD_ORDER) {
      const disabled = new Set((plugins[point]?.disabled ?? []).map((d) => d.name ?? ''));
      if (disabled.has('*')) continue;
      const seen = new Set<string>();
      for (const { ref, field } of multi) {
        const at = field ?? `${path}.plugins.multiPoint`;
        const n = ref.name ?? '';
        if (pointsOf(n) === undefined) return { field: at, message: `${INTERFACE[point]} ${JSON.stringify(n)} does not exist` };
        if (!implementsPoint(n, point) || disabled.has(n) || explicit.get(point)!.has(n)) continue;
        if (seen.has(n)) return { field: at, message: `plugin ${JSON.stringify(n)} already registered as ${JSON.stringify(INTERFACE[point])}` };
        seen.add(n);
      }
      counts.set(point, counts.get(point)! + seen.size);
    }
  }
  const queueSorts = counts.get('queueSort')!;
  if (queueSorts !== 1) return { field: `${path}.plugins.queueSort`, message: `only one queue sort plugin required for profile with scheduler name ${JSON.stringify(name)}, but got ${queueSorts}` };
  if (counts.get('bind') === 0) return { field: `${path}.plugins.bind`, message: `at least one bind plugin is needed for profile with scheduler name ${JSON.stringify(name)}` };
  return undefined;
}

/**
 * Decodes and checks a configuration as kube-scheduler would at start-up. Returns the decoded
 * configuration (only declared fields, plugin args in their typed form), or undefined for none; throws
 * a ConfigurationError naming every problem (or the first, where the real one stops at it).
 */
export function checkConfiguration(raw: unknown, opts: CheckOptions = {}): KubeSchedulerConfiguration | undefined {
  if (raw === undefined || raw === null) return undefined;
  const decoded = decodeGo<KubeSchedulerConfiguration>(raw, KUBE_SCHEDULER_CONFIGURATION);
  if (!decoded.ok) fail([{ message: decoded.message }]);
  const cfg = decoded.value ?? {};
  checkApiVersionAndKind(cfg);
  decodeArgs(cfg);
  const problems = validateKubeSchedulerConfiguration(cfg);
  if (problems.length) fail(problems);
  const pointsOf = (name: string): readonly ExtensionPoint[] | 'unknown' | undefined => own(IN_TREE_PLUGIN_POINTS, name) ?? (opts.extraPlugins?.has(name) ? 'unknown' : undefined);
  const profiles = cfg.profiles?.length ? cfg.profiles : [{}];
  for (let i = 0; i < profiles.length; i++) {
    const problem = checkProfile(profiles[i]!, `profiles[${i}]`, pointsOf);
    if (problem) fail([problem]);
  }
  return cfg;
}
