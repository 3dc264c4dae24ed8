/**
 * Runs a built entry of dist-cli/ (scripts/build-cli.mjs): rebuilds it first when a source it was built
 * from is newer than the build (a developer edited src/), so stale code never runs; then loads it
 * with V8's code cache kept beside it, which saves compiling the bundle again on every start.
 */
import { readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Not under dist/: `vite build` empties dist/ each time it builds the app.
export const BUILD_DIR = join(ROOT, 'dist-cli');
export const MANIFEST = join(BUILD_DIR, 'manifest.json');
/**
 * Each built file is one function expression, the wrapper Node puts around a CommonJS module; its
 * first line names the build: `<WRAPPER_HEAD>// kubetab build <hash>`.
 */
export const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
export const WRAPPER_TAIL = '\n})';
/** name → the TypeScript entry it is built from; each exports `start(argv): Promise<number>` */
export const ENTRIES = {
  kubetab: { source: 'src/cli/node.ts', out: join(BUILD_DIR, 'kubetab.cjs') },
  bench: { source: 'bench/node.ts', out: join(BUILD_DIR, 'bench.cjs') },
};

/**
 * True when every entry is built, by this Node, and no source it was built from has changed since.
 * One synchronous stat per input: on the main thread that costs less than the promises and callbacks
 * of asynchronous ones (about half, measured with the ~530 inputs of the build), and nothing else can
 * run before the answer anyway.
 */
export function isFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return false;
  }
  // Built by another Node: build again under this one.
  if (manifest.node !== process.version) return false;
  try {
    for (const e of Object.values(ENTRIES)) if (!statSync(e.out, { throwIfNoEntry: false })) return false;
    const builtAt = manifest.builtAt;
    // A source the build read that is gone (or cannot be read) makes the build stale too. ROOT ends in
    // a separator; plain concatenation is much cheaper than path.join for hundreds of paths.
    for (const input of manifest.inputs) {
      const st = statSync(ROOT + input, { throwIfNoEntry: false });
      if (!st || st.mtimeMs > builtAt) return false;
    }
  } catch {
    return false;
  }
  return true;
}

/** Builds dist-cli/ anew; says so only to a person at a terminal. */
async function rebuild() {
  if (process.stderr.isTTY) process.stderr.write('kubetab: sources changed since the last build; building dist-cli/ …\n');
  const { buildCli } = await import('../scripts/build-cli.mjs');
  try {
    await buildCli();
  } catch (e) {
    process.stderr.write(`error: cannot build the kubetab command from its sources: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

/**
 * What V8 code caches are kept apart by: V8 refuses a cache made under other flags (--expose-gc,
 * --max-old-space-size, which the benchmark's children are started with), so each set of Node
 * options has a cache of its own instead of replacing the others' on every alternation.
 */
/** How many code caches of one build are kept, each for another set of Node options. */
const KEPT_OPTION_CACHES = 4;

function flagsKey() {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  if (!flags) return 'default';
  // FNV-1a: loading node:crypto for a file name would cost more than the name is worth.
  let h = 0x811c9dc5;
  for (let i = 0; i < flags.length; i++) h = Math.imul(h ^ flags.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * Loads a built entry as CommonJS through vm.Script with cached data: the cache file is named after
 * the build's hash (its first line) and the Node options (flagsKey), written once after a run when
 * there was none or V8 refused it.
 */
function compile(name) {
  const file = ENTRIES[name].out;
  let source;
  try {
    const bytes = readFileSync(file);
    // The build is ASCII (scripts/build-cli.mjs): read as Latin-1, Node hands V8 the 1.8 MB as an
    // external one-byte string, a copy, where UTF-8 is decoded character by character.
    source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  } catch {
    return undefined;
  }
  if (!source.startsWith(WRAPPER_HEAD)) return undefined;
  const hash = /^\/\/ kubetab build (\w+)\n/.exec(source.slice(WRAPPER_HEAD.length, WRAPPER_HEAD.length + 80))?.[1] ?? 'unknown';
  const cacheFile = join(BUILD_DIR, `${name}.${hash}.${flagsKey()}.cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(source, { filename: file, cachedData });
  const saveCache = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      // Caches of earlier builds of this entry go; of this build's under other options, the one without
      // options and the newest few others stay (options that change on every run, a profiler's output path, must not fill the directory).
      const mine = [];
      for (const f of readdirSync(BUILD_DIR)) {
        if (!f.startsWith(`${name}.`) || !f.endsWith('.cache')) continue;
        if (!f.startsWith(`${name}.${hash}.`)) unlinkSync(join(BUILD_DIR, f));
        else if (join(BUILD_DIR, f) !== cacheFile && !f.endsWith('.default.cache')) mine.push({ f, at: statSync(join(BUILD_DIR, f)).mtimeMs });
      }
      mine.sort((a, b) => b.at - a.at);
      for (const { f } of mine.slice(KEPT_OPTION_CACHES - 1)) unlinkSync(join(BUILD_DIR, f));
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // A read-only checkout runs without the cache.
    }
  };
  const load = () => {
    const module = { exports: {} };
    script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
    return module.exports;
  };
  return { load, saveCache };
}

/** Runs entry `name` with `argv`; resolves to its exit code. */
export async function runBuilt(name, argv) {
  let built = isFresh() ? compile(name) : undefined;
  if (!built) {
    await rebuild();
    built = compile(name);
  }
  if (!built) throw new Error(`dist-cli/ has no ${name} after building`);
  const { load, saveCache } = built;
  const code = await load().start(argv);
  // After the run, so the cache holds the functions the run compiled too.
  saveCache();
  return code;
}
