import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExplainSchema } from '../src/kubectl/commands/explainSchema';
import { kubetab } from './cli';

const ROOT = join(__dirname, '..');
const WEB = join(ROOT, 'examples/web.yaml');

const REPLICAS = [
  'GROUP:      apps',
  'KIND:       Deployment',
  'VERSION:    v1',
  '',
  'FIELD: replicas <integer>',
  '',
  '',
  'DESCRIPTION:',
  '    Number of desired pods. This is a pointer to distinguish between explicit',
  '    zero and not specified. Defaults to 1.',
  '    ',
  '',
  '',
].join('\n');

describe('kubetab run --exec "explain …"', () => {
  beforeAll(async () => {
    // what the CLI's entry loads when a line explains (src/cli/node.ts)
    await loadExplainSchema();
  });

  it('prints explain among the other commands, and its errors on stderr', () => {
    const r = kubetab(['run', WEB, '--until', '5s', '--exec', 'explain deployment.spec.replicas', '--exec', 'explain deployment.spec.replicass']);
    // a failed --exec makes the run's exit status 1
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`==> kubectl explain deployment.spec.replicas\n${REPLICAS}==> kubectl explain deployment.spec.replicass\n`);
    expect(r.stderr).toContain('error: field "replicass" does not exist\n');
  });

  it('loads the documentation in the built command before an --exec that explains', () => {
    const r = spawnSync(process.execPath, ['bin/kubetab.mjs', 'run', WEB, '--until', '1s', '--exec', 'explain deployment.spec.replicas'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`==> kubectl explain deployment.spec.replicas\n${REPLICAS}`);
  });
});
