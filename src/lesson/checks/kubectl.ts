/** `kubectl`: a read-only command's output (stdout then stderr) contains, lacks or matches a text. */
import { kubectlStory } from '../../scenario/actionStory';
import type { Check } from '../types';
import type { CheckContext, CheckResult } from './context';

export type KubectlCheck = Extract<Check, { kubectl: unknown }>['kubectl'];

export function checkKubectl(ctx: CheckContext, c: KubectlCheck): CheckResult {
  const r = ctx.run.observe(c.command);
  const out = r.stdout + r.stderr;
  const head = `${kubectlStory(c.command)}:`;
  const found: string[] = [];
  if (c.exitCode !== undefined) {
    if (r.exitCode !== c.exitCode) return { ok: false, detail: `${head} exit code ${r.exitCode}, want ${c.exitCode}` };
    found.push(`exit code ${r.exitCode}`);
  }
  if (c.contains !== undefined) {
    if (!out.includes(c.contains)) return { ok: false, detail: `${head} the output does not contain ${JSON.stringify(c.contains)}` };
    found.push(`the output contains ${JSON.stringify(c.contains)}`);
  }
  if (c.notContains !== undefined) {
    if (out.includes(c.notContains)) return { ok: false, detail: `${head} the output contains ${JSON.stringify(c.notContains)}` };
    found.push(`the output does not contain ${JSON.stringify(c.notContains)}`);
  }
  if (c.matches !== undefined) {
    if (!new RegExp(c.matches, 'm').test(out)) return { ok: false, detail: `${head} the output does not match /${c.matches}/` };
    found.push(`the output matches /${c.matches}/`);
  }
  return { ok: true, detail: `${head} ${found.join(', ')}` };
}
