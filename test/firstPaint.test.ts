import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The cluster worker's first-paint chunk is what `src/worker/worker.ts` reaches through static
 * imports that survive compilation (type-only imports are erased; `import()` is a chunk of its own).
 * Code that only canal, ingress-nginx or a webhook configuration needs must stay out of it: the
 * default cluster boots and paints without it.
 */
const ON_DEMAND_ONLY = [
  'src/sim/node/cni/calico.ts',
  'src/sim/node/cni/bandwidth.ts',
  'src/sim/digestSha1.ts',
  'src/sim/node/cni/calicoInstall.ts',
  'src/sim/bootstrap/canal.ts',
  'src/sim/agents/calico/agent.ts',
  'src/sim/bootstrap/ingressNginx.ts',
  'src/sim/agents/ingressnginx/router.ts',
  'src/sim/api/admission/webhook.ts',
  'src/sim/api/admission/webhookMatch.ts',
  'src/sim/network/traffic/client.ts',
  'src/sim/network/traffic/webhookTransport.ts',
  // kubectl explain's view of the schema and the documentation it loads (k8s-1.31-docs.json)
  'src/kubectl/commands/explainSchema.ts',
  'src/sim/api/schema/docs.ts',
];

const root = join(__dirname, '..');

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined; // packages: not kubetab's code
  const base = join(dirname(from), spec);
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find((p) => existsSync(p) && p.match(/\.tsx?$/));
}

/** The modules a file imports for their values: not `import type`, not an import whose names are all types. */
function valueImports(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const out: string[] = [];
  for (const st of sf.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      const allTypes = clause !== undefined && (clause.isTypeOnly || (!clause.name && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!allTypes) spec = st.moduleSpecifier;
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && !st.isTypeOnly) {
      spec = st.moduleSpecifier;
    }
    if (spec && ts.isStringLiteral(spec)) {
      const target = resolveImport(file, spec.text);
      if (target) out.push(target);
    }
  }
  return out;
}

/** Every module reached from `entry`, each with the chain of imports that reached it first. */
function staticClosure(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  for (const queue = [entry]; queue.length > 0; ) {
    const f = queue.shift()!;
    for (const g of valueImports(f)) {
      if (seen.has(g)) continue;
      seen.set(g, [...seen.get(f)!, g]);
      queue.push(g);
    }
  }
  return seen;
}

describe("the cluster worker's first paint", () => {
  const closure = staticClosure(join(root, 'src/worker/worker.ts'));

  it('reaches the cluster itself through static imports (the walk follows them)', () => {
    expect(closure.has(join(root, 'src/sim/cluster.ts'))).toBe(true);
    expect(closure.has(join(root, 'src/sim/node/cni/libcni.ts'))).toBe(true);
    expect(closure.has(join(root, 'src/sim/api/server.ts'))).toBe(true);
  });

  it('checks modules that exist (one moved elsewhere must be named here again, or its code may come back)', () => {
    expect(ON_DEMAND_ONLY.filter((m) => !existsSync(join(root, m)))).toEqual([]);
  });

  it('does not import what only canal, ingress-nginx or a webhook configuration needs', () => {
    const leaks = ON_DEMAND_ONLY.flatMap((m) => {
      const chain = closure.get(join(root, m));
      return chain ? [chain.map((p) => relative(root, p)).join(' → ')] : [];
    });
    expect(leaks).toEqual([]);
  });
});
