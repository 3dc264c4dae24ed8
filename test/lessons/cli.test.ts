/** `kubetab lesson check` through the installed command: its output, its exit codes, its errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIXTURES = 'test/lessons/fixtures';

function kubetab(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/kubetab.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kubetab lesson check', () => {
  it('prints each lesson and goal, PASS or FAIL, and exits 1 when a goal is not met', () => {
    const r = kubetab('lesson', 'check', `${FIXTURES}/scale.yaml`, `${FIXTURES}/rollout-safely.yaml`);
    expect(r).toEqual({
      code: 1,
      stdout: `lesson scale-web: Scaling a Deployment
  ✓ three-ready  web has 3 ready replicas
  ✓ three-pods  three pods of web run
PASS
lesson rollout-safely: A rollout without losing capacity
  ✓ new-image  every pod of web runs nginx:1.28
  ✗ never-below-three  web never had fewer than 3 available pods — at 30s: deployment/web: {.status.availableReplicas} is 2, want at least 3
  ✓ scaled  the Deployment controller scaled a ReplicaSet
FAIL
`,
      stderr: '',
    });
  });

  it('exits 0 when every goal of every lesson is met; --json gives the reports', () => {
    const r = kubetab('lesson', 'check', `${FIXTURES}/scale.yaml`, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { name: 'scale-web', title: 'Scaling a Deployment', passed: true, startsSolved: false, goals: [{ id: 'three-ready', title: 'web has 3 ready replicas', met: true }, { id: 'three-pods', title: 'three pods of web run', met: true }], failedSteps: [], endMs: 90_000 },
    ]);
  });

  it('exits 2 for a file it cannot read or that is not a valid lesson, and still checks the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lesson-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: kubetab/v1\nkind: Lesson\nmetadata: {name: x}\ntitle: {en: X}\ntext: {en: X}\ngoals:\n  - id: a\n    title: {en: A}\n    hint: {en: A}\n    check: {object: {resource: pod, name: x, jsonpath: "{.x}"}}\nsolution: [{kubectl: get pods}]\n');
    const r = kubetab('lesson', 'check', join(dir, 'missing.yaml'), bad, `${FIXTURES}/scale.yaml`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: cannot read lesson "${join(dir, 'missing.yaml')}": ENOENT\nerror: ${bad}: goals[0].check.object.jsonpath: unknown field (allowed: resource, name, namespace, jsonPath, absent, equals, matches, atLeast, atMost)\n`);
    expect(r.stdout).toBe('lesson scale-web: Scaling a Deployment\n  ✓ three-ready  web has 3 ready replicas\n  ✓ three-pods  three pods of web run\nPASS\n');
  });

  it('says how to use it when the command line is wrong', () => {
    const r = kubetab('lesson', 'check');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: lesson check needs a lesson FILE\n\nUsage:\n/);
    expect(kubetab('lesson', 'run', 'x.yaml').stderr).toMatch(/^error: unknown lesson subcommand "run" \(want check\)\n/);
    expect(kubetab('help').stdout).toContain('  kubetab lesson check FILE... [--json]\n');
  });
});
