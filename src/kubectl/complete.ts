/**
 * Tab completion of a kubectl line, as kubectl's shell completion offers it: commands, subcommands,
 * resource types, object names in the namespace the line names (or the default), namespaces after
 * `-n`, output formats after `-o`, and the command's flags (`--replicas=` for one that takes a value).
 * After a `|`, the filter commands. The words are read as typed; the cluster is read through `client`.
 */
import type { Client } from '../sim/client/types';
import type { Kubeconfig } from './kubeconfig';
import type { FlagSpec, Subcommand } from './flags';
import { kubectlCommandTable } from './kubectl';
import { FILTER_NAMES, splitPipeline } from './pipeline';
import { allResources, resolveResource } from './resources';

export interface Completion {
  /** where the word being completed starts in the line */
  from: number;
  /** what that word may become, sorted */
  items: string[];
}

/** kubectl's completion list for -o. */
const OUTPUT_FORMATS = ['custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'wide', 'yaml'];

/** Commands whose first argument is a pod's name. */
const POD_ARG = new Set(['logs', 'exec', 'attach', 'port-forward']);
/** Commands whose first argument is a node's name. */
const NODE_ARG = new Set(['cordon', 'uncordon', 'drain']);
/** Commands whose arguments are a resource type and then names (or TYPE/NAME). */
const TYPE_ARGS = new Set(['get', 'describe', 'delete', 'label', 'annotate', 'edit', 'patch', 'scale', 'wait', 'taint', 'expose', 'autoscale', 'explain', 'rollout', 'set']);

function prefixed(items: Iterable<string>, word: string): string[] {
  return [...new Set([...items].filter((i) => i.startsWith(word)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function names(client: Client, plural: string, namespace: string | undefined): string[] {
  try {
    return client.list(plural, namespace).items.map((o) => o.metadata.name ?? '');
  } catch {
    // Forbidden, or a type the server does not serve: nothing to offer.
    return [];
  }
}

/** Resource type words: each type's plural; a short name typed whole becomes its type (`po` → `pods`). */
function typeItems(word: string): string[] {
  const exact = allResources().find((d) => d.shortNames.includes(word.toLowerCase()));
  if (exact) return [exact.plural];
  return prefixed(
    allResources().map((d) => d.plural),
    word,
  );
}

/** Names of objects of the type `typeWord` names, in the line's namespace. */
function objectNames(client: Client, typeWord: string, ns: string, word: string): string[] {
  const def = resolveResource(typeWord);
  if (!def) return [];
  return prefixed(names(client, def.plural, def.namespaced ? ns : undefined), word);
}

function flagItems(flags: readonly FlagSpec[], word: string): string[] {
  return prefixed(
    flags.map((f) => (f.kind === 'bool' ? `--${f.long}` : `--${f.long}=`)),
    word,
  );
}

/** The words of a stage before the cursor, each with where it starts. */
function wordsOf(text: string, offset: number): { w: string; at: number }[] {
  const out: { w: string; at: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ w: m[0], at: offset + m.index });
  return out;
}

/** The verbs `auth can-i` offers (cani.go's resource verbs, `*` left out). */
const CAN_I_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', 'approve', 'sign', 'escalate', 'attest'];

/** `config` subcommands whose argument is a context name. */
const CONTEXT_ARG = new Set(['use-context', 'get-contexts', 'set-context']);

export function completeLine(line: string, cursor: number, client: Client, kubeconfig?: Kubeconfig): Completion {
  const before = line.slice(0, cursor);
  const stages = splitPipeline(before);
  const stageText = stages.at(-1)!;
  const stageStart = before.length - stageText.length;
  const words = wordsOf(stageText, stageStart);
  // The word under the cursor: empty when the cursor follows a space.
  const endsInSpace = before === '' || /\s$/.test(before);
  const current = endsInSpace ? { w: '', at: cursor } : words.pop()!;
  const word = current.w;
  const done = (items: string[]): Completion => ({ from: current.at, items });

  if (stages.length > 1) return done(words.length === 0 ? prefixed(FILTER_NAMES, word) : []);

  const { commands, globalFlags } = kubectlCommandTable();
  const typed = words.map((x) => x.w);
  if (typed[0] === 'kubectl') typed.shift();
  // Read the words already typed: the command, its subcommand, positional arguments, flags.
  let cmdName: string | undefined;
  let sub: Subcommand | undefined;
  let flags: FlagSpec[] = globalFlags;
  const args: string[] = [];
  let namespace: string | undefined;
  const takesValue = (w: string): FlagSpec | undefined => {
    if (w.includes('=')) return undefined;
    const f = w.startsWith('--') ? flags.find((x) => x.long === w.slice(2)) : w.length === 2 ? flags.find((x) => x.short === w[1]) : undefined;
    return f && f.kind !== 'bool' ? f : undefined;
  };
  for (let i = 0; i < typed.length; i++) {
    const w = typed[i]!;
    if (w.startsWith('-')) {
      const f = takesValue(w);
      const value = f ? typed[i + 1] : /^--?[^=]+=(.*)$/.exec(w)?.[1] ?? (/^-n(.+)$/.exec(w)?.[1]);
      if (f) i++;
      if ((f?.long === 'namespace' || /^(--namespace=|-n)/.test(w)) && value !== undefined) namespace = value;
      continue;
    }
    if (cmdName === undefined) {
      if (!Object.hasOwn(commands, w)) return done([]);
      cmdName = w;
      flags = [...commands[w]!.flags, ...globalFlags];
      continue;
    }
    const cmd = commands[cmdName]!;
    if (cmd.subcommands && sub === undefined && args.length === 0) {
      sub = cmd.subcommands.find((s) => s.name === w || (s.aliases ?? []).includes(w));
      if (sub) {
        flags = [...sub.flags, ...globalFlags];
        continue;
      }
    }
    args.push(w);
  }
  const ns = namespace ?? 'default';

  // A flag's value: the word after `-n`, `-o`, or after `--namespace=`.
  const prev = typed.at(-1);
  const valueOf = prev !== undefined && prev.startsWith('-') ? takesValue(prev) : undefined;
  if (valueOf) return done(flagValues(valueOf.long, word, client, kubeconfig));
  const eq = /^(--[^=]+=)(.*)$/.exec(word);
  if (eq) return done(flagValues(eq[1]!.slice(2, -1), eq[2]!, client, kubeconfig).map((v) => eq[1]! + v));
  if (word.startsWith('-')) return done(flagItems(flags, word));

  if (cmdName === undefined) return done(prefixed([...Object.keys(commands), 'help'], word));
  const cmd = commands[cmdName]!;
  if (cmd.subcommands && sub === undefined && args.length === 0) {
    const subs = prefixed(
      cmd.subcommands.map((s) => s.name),
      word,
    );
    // `top` and `rollout` need one; `create` and `set` also read files and flags, but a word here is a subcommand.
    return done(subs);
  }
  // kubectl's own completion: context names for the commands that take one.
  if (cmdName === 'config' && sub && CONTEXT_ARG.has(sub.name)) return done(args.length === 0 ? prefixed(kubeconfig?.contextNames() ?? [], word) : []);
  // can-i VERB TYPE: the verbs kubectl knows, then the types.
  if (cmdName === 'auth' && sub?.name === 'can-i') return done(args.length === 0 ? prefixed(CAN_I_VERBS, word) : args.length === 1 ? typeItems(word) : []);
  if (cmdName === 'create' && sub?.name === 'token') return done(args.length === 0 ? objectNames(client, 'serviceaccounts', ns, word) : []);
  if (cmdName === 'top' && sub && args.length === 0) return done(objectNames(client, sub.name === 'node' ? 'nodes' : 'pods', ns, word));
  if (POD_ARG.has(cmdName)) return done(args.length === 0 ? objectNames(client, 'pods', ns, word) : []);
  if (NODE_ARG.has(cmdName)) return done(args.length === 0 ? objectNames(client, 'nodes', ns, word) : []);
  if (cmdName === 'create' || !TYPE_ARGS.has(cmdName)) return done([]);
  // TYPE/NAME: the names of that type, with the type in front.
  const slash = word.indexOf('/');
  if (slash > 0) {
    const t = word.slice(0, slash);
    return done(objectNames(client, t, ns, word.slice(slash + 1)).map((n) => `${t}/${n}`));
  }
  if (args.length === 0) return done(typeItems(word));
  if (cmdName === 'explain' || args[0]!.includes('/') || args[0]!.includes(',')) return done([]);
  return done(objectNames(client, args[0]!, ns, word));
}

function flagValues(flag: string, word: string, client: Client, kubeconfig: Kubeconfig | undefined): string[] {
  if (flag === 'namespace') return prefixed(names(client, 'namespaces', undefined), word);
  if (flag === 'context') return prefixed(kubeconfig?.contextNames() ?? [], word);
  if (flag === 'user') return prefixed([...(kubeconfig?.users ?? [])].sort(), word);
  if (flag === 'output') return prefixed(OUTPUT_FORMATS, word);
  return [];
}
