import { describe, expect, it } from 'vitest';
import { ScenarioRun } from './runner';
import { WEB_DEPLOYMENT as WEB } from '../../test/worker/manifests';

describe('a line that writes the file area', () => {
  it('get -o yaml > FILE keeps the file with the scenario; >> appends; && runs the next command', () => {
    const run = new ScenarioRun({ seed: 1, cluster: {}, actions: [{ atMs: 1000, apply: WEB }] });
    run.runUntil(5000);
    const before = run.filesWritten;
    expect(run.command('kubectl get deploy web -o yaml > web.yaml')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    // The file is opened (emptied), then written: the host sees the count move and shares the new files.
    expect(run.filesWritten).toBe(before + 2);
    expect(run.scenario.files?.['web.yaml']?.startsWith('apiVersion: apps/v1\nkind: Deployment\n')).toBe(true);
    expect(run.command('kubectl get deploy web -o name >> web.yaml && kubectl get deploy web -o name > names.txt')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(run.scenario.files?.['web.yaml']?.endsWith('\ndeployment.apps/web\n')).toBe(true);
    expect(run.scenario.files?.['names.txt']).toBe('deployment.apps/web\n');
  });
});
