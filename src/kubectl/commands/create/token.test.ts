import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../../sim/cluster';
import { runKubectl } from '../../kubectl';
import { parseGoDuration } from './token';

let cluster: Cluster;
const k = (line: string) => runKubectl(line, { client: cluster.client(), nowMs: () => cluster.clock.now() });

beforeEach(() => {
  cluster = createCluster({ bare: true });
  for (const ns of ['default', 'kube-system']) cluster.client().create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
});

/** The claims of a JWT's payload. */
function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('kubectl create token', () => {
  it("prints the token the API server issued for the ServiceAccount, a line of its own on the terminal", () => {
    const r = k('create token default -n kube-system');
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('.').length).toBe(3);
    const c = claims(r.stdout.trimEnd());
    expect(c.sub).toBe('system:serviceaccount:kube-system:default');
    expect((c.exp as number) - (c.iat as number)).toBe(3600);
  });
  it('asks for the duration and audiences given', () => {
    const c = claims(k('create token default --duration=2h --audience=vault --audience=api').stdout.trimEnd());
    expect((c.exp as number) - (c.iat as number)).toBe(7200);
    expect(c.aud).toEqual(['vault', 'api']);
  });
  it('-o yaml prints the TokenRequest the server answered', () => {
    const out = k('create token default --duration=10m -o yaml').stdout;
    expect(out.startsWith('apiVersion: authentication.k8s.io/v1\nkind: TokenRequest\n')).toBe(true);
    expect(out).toContain('  expirationSeconds: 600\n');
    expect(k('create token default -o json').stdout.startsWith('{\n    "kind": "TokenRequest",\n    "apiVersion": "authentication.k8s.io/v1",\n')).toBe(true);
  });
  it("fails as kubectl does: the server's NotFound, the name count, the flags' checks", () => {
    expect(k('create token nope')).toEqual({ stdout: '', stderr: 'error: failed to create token: serviceaccounts "nope" not found\n', exitCode: 1 });
    expect(k('create token').stderr).toBe("error: exactly one NAME is required, got 0\nSee 'kubectl create token -h' for help and examples\n");
    expect(k('create token a b').stderr).toBe("error: exactly one NAME is required, got 2\nSee 'kubectl create token -h' for help and examples\n");
    expect(k('create token default --duration=5x').stderr).toBe('error: invalid argument "5x" for "--duration" flag: time: unknown unit "x" in duration "5x"\nSee \'kubectl create token --help\' for usage.\n');
    expect(k('create token default --duration=abc').stderr).toBe('error: invalid argument "abc" for "--duration" flag: time: invalid duration "abc"\nSee \'kubectl create token --help\' for usage.\n');
    expect(k('create token default --duration=-5s').stderr).toBe('error: --duration must be greater than or equal to 0\n');
    expect(k('create token default --duration=1500ms').stderr).toBe('error: --duration cannot be expressed in units less than seconds\n');
    expect(k('create token default --audience=').stderr).toBe('error: --audience must not be an empty string\n');
    expect(k('create token default --bound-object-name=x').stderr).toBe('error: --bound-object-name can only be set if --bound-object-kind is provided\n');
    expect(k('create token default --bound-object-kind=Node').stderr).toBe('error: supported --bound-object-kind values are Pod, Secret\n');
    expect(k('create token default --bound-object-kind=Pod').stderr).toBe('error: --bound-object-name is required if --bound-object-kind is provided\n');
  });
});

describe("Go's time.ParseDuration", () => {
  it('reads units and fractions, and words its errors as Go does', () => {
    expect(parseGoDuration('1h30m')).toBe(5400e9);
    expect(parseGoDuration('1.5s')).toBe(1.5e9);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('5')).toBe('time: missing unit in duration "5"');
    expect(parseGoDuration('')).toBe('time: invalid duration ""');
  });
});
