/**
 * Command lines kubectl 1.31 refuses before it talks to a server: what it prints, byte for byte, and
 * its exit code. Each expectation was read from a real kubectl 1.31 run.
 */
import { describe, expect, it } from 'vitest';
import { runKubectl } from './kubectl';
import { createCluster } from '../sim/cluster';

const cluster = createCluster({ seed: 1 });
const k = (line: string) => runKubectl(line, { client: cluster.client(), nowMs: () => cluster.clock.now() });

const CASES: [line: string, output: string, exitCode: number][] = [
  ["ge", "error: unknown command \"ge\" for \"kubectl\"\n\nDid you mean this?\n\tset\n\tget\n\tcp\n", 1],
  ["é", "error: unknown command \"é\" for \"kubectl\"\n\nDid you mean this?\n\tcp\n", 1],
  ["constructor", "error: unknown command \"constructor\" for \"kubectl\"\n", 1],
  ["-n= nodes get", "Error: flags cannot be placed before plugin name: -n=\n", 1],
  ["-l logs app=x", "Error: flags cannot be placed before plugin name: -l\n", 1],
  ["rollout foo bar", "error: unknown command \"foo bar\"\nSee 'kubectl rollout -h' for help and examples\n", 1],
  ["rollout undo deploy/web --bogus", "error: unknown flag: --bogus\nSee 'kubectl rollout undo --help' for usage.\n", 1],
  ["rollout history deploy/web --revision=0x10 --to-revision=1", "error: unknown flag: --to-revision\nSee 'kubectl rollout history --help' for usage.\n", 1],
  ["create deploymnt x", "error: Unexpected args: [deploymnt x]\nSee 'kubectl create -h' for help and examples\n", 1],
  ["create deployment x --image=nginx --replicas=4294967296", "error: invalid argument \"4294967296\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"4294967296\": value out of range\nSee 'kubectl create deployment --help' for usage.\n", 1],
  ["create namespace a b", "error: exactly one NAME is required, got 2\nSee 'kubectl create namespace -h' for help and examples\n", 1],
  ["create deployment", "error: required flag(s) \"image\" not set\n", 1],
  ["top pod a b", "error: pod [NAME | -l label]\nSee 'kubectl top pod -h' for help and examples\n", 1],
  ["top node a b", "error: node [NAME | -l label]\nSee 'kubectl top node -h' for help and examples\n", 1],
  ["top foo", "error: unknown command \"foo\"\nSee 'kubectl top -h' for help and examples\n", 1],
  ["set foo", "error: unknown command \"foo\"\nSee 'kubectl set -h' for help and examples\n", 1],
  ["set image --bogus", "error: unknown flag: --bogus\nSee 'kubectl set image --help' for usage.\n", 1],
  ["set image web=nginx", "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n", 1],
  ["api-resources x y", "error: unexpected arguments: [x y]\nSee 'kubectl api-resources -h' for help and examples\n", 1],
  ["api-resources -o json", "error: --output json is not available\n", 1],
  ["api-resources --sort-by=foo", "error: --sort-by accepts only name or kind\n", 1],
  ["version version", "error: extra arguments: [version]\n", 1],
  ["exec -- ls /", "error: pod, type/name or --filename must be specified\n", 1],
  ["exec", "error: pod, type/name or --filename must be specified\n", 1],
  ["get pods --=x", "error: bad flag syntax: --=x\nSee 'kubectl get --help' for usage.\n", 1],
  ["get ---x pods", "error: bad flag syntax: ---x\nSee 'kubectl get --help' for usage.\n", 1],
  ["get pods -Ax", "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n", 1],
  ["get pods -A=", "error: unknown shorthand flag: '=' in -=\nSee 'kubectl get --help' for usage.\n", 1],
  ["get pods -Aw=x", "error: invalid argument \"x\" for \"-w, --watch\" flag: strconv.ParseBool: parsing \"x\": invalid syntax\nSee 'kubectl get --help' for usage.\n", 1],
  ["get pods --chunk-size=99999999999999999999", "error: invalid argument \"99999999999999999999\" for \"--chunk-size\" flag: strconv.ParseInt: parsing \"99999999999999999999\": value out of range\nSee 'kubectl get --help' for usage.\n", 1],
  ["logs x --tail=1_000_000_000_000_000_000_000", "error: invalid argument \"1_000_000_000_000_000_000_000\" for \"--tail\" flag: strconv.ParseInt: parsing \"1_000_000_000_000_000_000_000\": value out of range\nSee 'kubectl logs --help' for usage.\n", 1],
  ["version -v=0x1", "error: invalid argument \"0x1\" for \"-v, --v\" flag: strconv.ParseInt: parsing \"0x1\": invalid syntax\nSee 'kubectl version --help' for usage.\n", 1],
  ["get hpa,pdb ''", "error: arguments in resource/name form must have a single resource and name\n", 1],
  ["get pods,svc web -l app=web", "error: selectors and the all flag cannot be used when passing resource/name arguments\n", 1],
  ["get --output ns", "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n", 1],
  ["drain worker-1 pods/", "error: arguments in resource/name form must have a single resource and name\n", 1],
];

describe('command lines refused as kubectl 1.31 refuses them', () => {
  for (const [line, output, exitCode] of CASES) {
    it(`kubectl ${line}`, () => {
      const r = k(line);
      expect(r.stdout + r.stderr).toBe(output);
      expect(r.exitCode).toBe(exitCode);
    });
  }

  it('kubectl -- get pods: flags end at --, so the root prints its help', () => {
    const r = k('-- get pods');
    expect(r.stdout).toMatch(/^kubectl controls the Kubernetes cluster manager\./);
    expect(r.exitCode).toBe(0);
  });
});
