/**
 * kubectl command lines, real ones first, then mutated: words dropped, repeated, swapped; flag values
 * replaced by odd ones; unknown flags and resource names that are JavaScript's own words; broken
 * quoting. `POD` and `NODE` stand for a pod and a node of the cluster the line runs on.
 */
import type { Fuzz } from './random';
import { ODD_KEYS } from './mutate';

export const REAL_COMMANDS = [
  'get pods',
  'get pods -o wide',
  'get pods -A -o wide',
  'get deploy',
  'get deployments.apps web -o yaml',
  'get all',
  'get all -A',
  'get nodes --show-labels',
  'get pods -l app=web',
  'get pods -l "app in (web,db)" --show-labels',
  'get pods --field-selector=status.phase=Running',
  'get pods --sort-by=.metadata.creationTimestamp',
  'get pods --sort-by=.status.containerStatuses[0].restartCount',
  'get pods -o json',
  'get pods -o name',
  'get pods -o jsonpath={.items[*].metadata.name}',
  "get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.status.podIP}{\"\\n\"}{end}'",
  'get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IP:.status.podIP',
  'get pods --no-headers',
  'get svc,ep',
  'get endpointslices',
  'get events --sort-by=.lastTimestamp',
  'get rs,sts,ds,jobs,cronjobs',
  'get cm,secrets,sa',
  'get ns',
  'get pvc,pv,sc',
  'get hpa,pdb',
  'get rc',
  'get limitrange,resourcequota',
  'get priorityclass',
  'get lease -n kube-node-lease',
  'get pods -n kube-system',
  'get po POD',
  'get node NODE -o yaml',
  'describe pod POD',
  'describe pods',
  'describe deploy web',
  'describe node NODE',
  'describe svc web',
  'describe ns default',
  'describe rs',
  'describe job pi',
  'describe cronjob tick',
  'describe sts db',
  'describe ds agent',
  'describe hpa web',
  'describe pdb web',
  'logs POD',
  'logs deploy/web',
  'logs -l app=web --tail=5',
  'logs job/pi',
  'logs POD --timestamps --since=1m',
  'logs POD -c app --previous',
  'exec POD -- ls /',
  'exec POD -- cat /etc/hostname',
  'exec deploy/web -- sh -c "echo hi; exit 3"',
  'top pods',
  'top nodes',
  'top pod POD --containers',
  'scale deploy web --replicas=5',
  'scale --replicas=0 deploy/web',
  'scale sts db --replicas=3',
  'label pod POD tier=front',
  'label pods --all env=prod --overwrite',
  'label node NODE disktype=ssd',
  'annotate deploy web note=hello',
  'cordon NODE',
  'uncordon NODE',
  'drain NODE --ignore-daemonsets --delete-emptydir-data',
  'rollout status deploy/web',
  'rollout history deploy/web',
  'rollout history deploy/web --revision=1',
  'rollout undo deploy/web',
  'rollout undo deploy/web --to-revision=1',
  'rollout restart deploy/web',
  'rollout pause deploy/web',
  'rollout resume deploy/web',
  'set image deploy/web web=nginx:1.28',
  'create deployment extra --image=nginx:1.27 --replicas=2',
  'create namespace team-a',
  'delete pod POD',
  'delete deploy extra',
  'delete ns team-a',
  'delete pods -l app=web --grace-period=0 --force',
  'version',
  'version -o json',
  'api-resources',
  'api-resources --namespaced=true -o wide',
  'api-resources --api-group=apps -o name',
];

const ODD_VALUES = ['', '-1', '0', '2147483648', '1e21', '1.5', '-0', '9999999999999999999999', '名前', '🚀', '__proto__', 'constructor', 'toString', '{', '}', '{.items[', '{range}', 'x'.repeat(300), '=', ',', ':', '..', '/', 'a=b=c', '!', '$(ls)', '\\', 'true', 'yaml', 'wide', 'jsonpath={.items[*].x}', 'custom-columns=', 'go-template={{.x}}'];

const ODD_FLAGS = ['-o', '--output', '-n', '-l', '--selector', '--field-selector', '--sort-by', '-A', '--all-namespaces', '--replicas', '--tail', '--since', '-c', '--container', '--revision', '--to-revision', '--grace-period', '--show-labels', '--no-headers', '-w', '--watch', '--dry-run', '--force', '--all', '--overwrite', '--image', '-f', '--bogus', '-v'];

const ODD_WORDS = [...ODD_KEYS.filter(Boolean), 'pods.', '.pods', 'deploy/', '/web', 'pods/', 'deployments.apps.', 'po,', ',', 'all', 'events.events.k8s.io', 'nodes/NODE', 'pod/POD/extra', 'x.y.z'];

/** Quote a word so splitCommandLine gives it back unchanged. */
function quote(w: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

export function splitSimple(line: string): string[] {
  const out: string[] = [];
  const re = /'[^']*'|"(?:[^"\\]|\\.)*"|\S+/g;
  let m;
  while ((m = re.exec(line))) out.push(m[0]);
  return out;
}

/** A real command line with 1–3 mutations. */
export function mutatedCommand(f: Fuzz): { line: string; how: string[] } {
  const base = f.pick(REAL_COMMANDS);
  const words = splitSimple(base);
  const how: string[] = [`from "${base}"`];
  const n = f.range(1, 3);
  for (let k = 0; k < n; k++) {
    const i = f.int(words.length);
    switch (f.int(9)) {
      case 0:
        if (words.length > 1) {
          words.splice(i, 1);
          how.push(`drop word ${i}`);
        }
        break;
      case 1:
        words.splice(i, 0, words[i]!);
        how.push(`repeat word ${i}`);
        break;
      case 2: {
        const j = f.int(words.length);
        [words[i], words[j]] = [words[j]!, words[i]!];
        how.push(`swap words ${i} ${j}`);
        break;
      }
      case 3: {
        const v = f.pick(ODD_VALUES);
        const w = words[i]!;
        words[i] = w.includes('=') ? `${w.slice(0, w.indexOf('=') + 1)}${quote(v)}` : quote(v);
        how.push(`odd value at ${i}`);
        break;
      }
      case 4: {
        const fl = f.pick(ODD_FLAGS);
        words.splice(i + 1, 0, f.chance(50) ? `${fl}=${quote(f.pick(ODD_VALUES))}` : fl);
        how.push(`insert flag ${fl}`);
        break;
      }
      case 5:
        words.splice(Math.min(words.length, 2), 0, quote(f.pick(ODD_WORDS)));
        how.push('odd word');
        break;
      case 6:
        words.splice(i, 0, f.pick(['--', '-', '"', "'", '\\', '--=', '-=x', '---', '-n=']));
        how.push('odd token');
        break;
      case 7:
        words.push(f.pick(['-o', '--output', '-n', '-l', '--replicas', '--sort-by', '-c', '--tail']));
        how.push('flag without value');
        break;
      default:
        words[i] = words[i]!.toUpperCase();
        how.push(`upper-case word ${i}`);
    }
  }
  return { line: words.join(' '), how };
}
