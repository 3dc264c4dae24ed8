/** Runs the `kubetab` command in-process, capturing what it prints. */
import { readFileSync } from 'node:fs';
import { main } from '../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubetab(argv: string[], files: Record<string, string> = {}): CliRun {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readFile: (p) => (p in files ? files[p]! : readFileSync(p, 'utf8')),
  });
  return { code, stdout, stderr };
}

/** A scenario file around one manifest applied at 0s, plus optional later actions. */
export function scenarioWith(manifest: string, extra = '', header = 'seed: 1'): string {
  const indented = manifest.trim().split('\n').map((l) => `      ${l}`).join('\n');
  return `apiVersion: kubetab/v1\nkind: Scenario\n${header}\nactions:\n  - at: 0s\n    apply: |\n${indented}\n${extra}`;
}

export function deployment(name: string, replicas: number, image = 'nginx:1.27', extraSpec = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
${extraSpec}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: app
        image: ${image}
        resources:
          requests:
            cpu: 100m
            memory: 64Mi`;
}
