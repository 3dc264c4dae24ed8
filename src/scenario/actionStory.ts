/**
 * A user's action in words, as the Requests view and the clock bar name its step: `kubectl: apply
 * deployment.apps/web`, `kubectl get pods`, `fault: node-down worker-2`, `trace: pod/a → web`.
 */
import type { ScenarioAction } from './format';

/** `kubectl get pods`: the command line as typed, with its `kubectl`. */
export function kubectlStory(line: string): string {
  return `kubectl ${line.trim().replace(/^kubectl\s+/, '')}`;
}

/** The step's name; an apply names what kubectl says it applied (`deployment.apps/web created`). */
export function actionStory(action: ScenarioAction, stdout: string): string {
  if ('apply' in action) {
    const refs = stdout.split('\n').flatMap((l) => /^(\S+) (?:created|configured|unchanged)$/.exec(l)?.slice(1, 2) ?? []);
    if (refs.length === 0) return 'kubectl: apply -f -';
    return `kubectl: apply ${refs[0]}${refs.length > 1 ? ` (+${refs.length - 1} more)` : ''}`;
  }
  if ('kubectl' in action) return kubectlStory(action.kubectl);
  if ('trace' in action) return `trace: ${action.trace.from} → ${action.trace.to}`;
  const f = action.fault as { type: string; node?: string; pod?: string; image?: string };
  const target = f.node ?? f.pod ?? f.image;
  return `fault: ${f.type}${target ? ` ${target}` : ''}`;
}
