/**
 * Fuzz: share links — random bytes, real links truncated or tampered with, and valid links whose JSON
 * was mutated. The decoder never throws and answers in words; a link it accepts builds a cluster
 * that runs within budget without JavaScript text in any output; the CLI never lets an exception
 * out (which it would print as a stack trace).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { scenarioFromObject } from '../../src/scenario/format';
import { ScenarioRun } from '../../src/scenario/runner';
import { decodeShare, encodeShare } from '../../src/scenario/urlCodec';
import { describeThrown, jsLeaks, jsLeaksBeyond } from './kit/check';
import { Failures, runBounded } from './kit/harness';
import { linkFromBytes, linkFromPayload } from './kit/links';
import { mutate, type Json } from './kit/mutate';
import { caseSeed, Fuzz } from './kit/random';
import { BASE_SCENARIO } from './kit/scenario';

const RANDOM_LINKS = Number(process.env.FUZZ_RANDOM_LINKS ?? 2000);
const DAMAGED_LINKS = Number(process.env.FUZZ_DAMAGED_LINKS ?? 600);
const MUTATED_LINKS = Number(process.env.FUZZ_MUTATED_LINKS ?? 120);
/** A link's cluster runs to its time, at most this far, within RUN_BUDGET clock events. */
const RUN_TO_MS = 20_000;
const RUN_BUDGET = 100_000;

const base = scenarioFromObject(BASE_SCENARIO);
const REAL_LINK = encodeShare(base, 18_000);

function normal(s: string): string {
  return s.replace(/"[^"]*"|'[^']*'|\d+/g, '…').slice(0, 140);
}

/** Decodes `link`; if accepted, builds and runs its cluster; records what went wrong. */
function tryLink(failures: Failures, seed: number, link: string, how: string, viaCli: boolean): 'refused' | 'ran' {
  let r;
  try {
    r = decodeShare(link);
  } catch (e) {
    failures.add('the decoder threw', seed, describeThrown(e), `${how}\n${link}`);
    return 'refused';
  }
  if (!r.ok) {
    const leaks = jsLeaks(r.error);
    if (leaks.length) failures.add(`the refusal has JavaScript text: ${normal(r.error)}`, seed, r.error, `${how}\n${link}`);
    return 'refused';
  }
  let run: ScenarioRun;
  try {
    run = new ScenarioRun(r.scenario);
  } catch (e) {
    failures.add(`an accepted link's cluster could not be built: ${normal(describeThrown(e).split('\n')[0]!)}`, seed, describeThrown(e), `${how}\n${link}`);
    return 'ran';
  }
  const o = runBounded(run, Math.min(r.atMs, RUN_TO_MS), RUN_BUDGET);
  if (!o.ok) failures.add(o.problem === 'hang' ? "an accepted link's cluster did not reach its time within budget" : `an accepted link's cluster threw: ${normal(o.detail.split('\n')[0]!)}`, seed, o.detail, `${how}\n${link}`);
  for (const res of run.results) {
    const text = res.stdout + res.stderr;
    const input = 'apply' in res.action ? res.action.apply : 'kubectl' in res.action ? res.action.kubectl : JSON.stringify(res.action.fault);
    const leaks = jsLeaksBeyond(text, input);
    if (leaks.length) failures.add(`an action's output has JavaScript text: ${normal(text.split('\n').find((l) => jsLeaks(l).length) ?? text)}`, seed, text, `${how}\n${link}`);
  }
  if (viaCli) {
    let out = '';
    try {
      main(['run', link, '--until', `${Math.min(r.atMs, RUN_TO_MS)}ms`, '--exec', 'get pods -A -o wide', '--exec', 'get events'], { stdout: (s) => (out += s), stderr: (s) => (out += s), readFile: () => '' });
    } catch (e) {
      failures.add(`kubetab run let an exception out: ${normal(describeThrown(e).split('\n')[0]!)}`, seed, describeThrown(e), `${how}\n${link}`);
    }
    const leaks = jsLeaks(out);
    if (leaks.length) failures.add(`kubetab run printed JavaScript text: ${normal(out.split('\n').find((l) => jsLeaks(l).length) ?? '')}`, seed, out.slice(0, 3000), `${how}\n${link}`);
  }
  return 'ran';
}

describe('fuzz: share links', () => {
  it(`refuses ${RANDOM_LINKS} random links in words`, () => {
    const failures = new Failures('random links');
    const f = new Fuzz(caseSeed('random-links', 0), 'links');
    for (let i = 0; i < RANDOM_LINKS; i++) {
      const kind = f.int(4);
      const link =
        kind === 0
          ? linkFromBytes(f.bytes(f.range(0, 300)))
          : kind === 1
            ? `#s1.${f.string(f.range(0, 400), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}`
            : kind === 2
              ? `#${f.string(f.range(0, 60), 's1.#%?&=/:+ abcXYZ09-_\u00e9\u{1F680}\u0000\\"')}`
              : `https://kubetab.example/${f.pick(['', '?x=1', 'a/b'])}#s${f.pick(['0', '2', '01', '999999', '1e3', '', '-1', '1.'])}.${f.string(f.range(0, 80), 'ABCabc0123-_')}`;
      tryLink(failures, i, link, `random link, kind ${kind}`, false);
    }
    if (failures.list.length) console.log(failures.report());
    expect(failures.kinds()).toEqual([]);
  });

  it(`takes ${DAMAGED_LINKS} truncated or tampered real links: refused in words, or run within budget`, () => {
    const failures = new Failures('damaged links');
    const f = new Fuzz(caseSeed('damaged-links', 0), 'links');
    const body = REAL_LINK.slice('#s1.'.length);
    let ran = 0;
    for (let i = 0; i < DAMAGED_LINKS; i++) {
      let link: string;
      const at = f.int(body.length);
      switch (f.int(5)) {
        case 0:
          link = `#s1.${body.slice(0, at)}`;
          break;
        case 1:
          link = `#s1.${body.slice(0, at)}${f.string(1, 'ABCabc019-_')}${body.slice(at + 1)}`;
          break;
        case 2:
          link = `#s1.${body.slice(0, at)}${body.slice(at + f.range(1, 8))}`;
          break;
        case 3:
          link = `#s1.${body}${f.string(f.range(1, 20), 'ABCabc019-_')}`;
          break;
        default:
          link = `#s1.${body.slice(0, at)}${f.string(f.range(1, 4), '=+/ %.')}${body.slice(at)}`;
      }
      if (tryLink(failures, i, link, 'damaged real link', ran % 8 === 0) === 'ran') ran++;
    }
    if (failures.list.length) console.log(failures.report());
    expect(failures.kinds()).toEqual([]);
  });

  it(`runs ${MUTATED_LINKS} valid links with mutated JSON: refused in words, or run within budget`, () => {
    const failures = new Failures('mutated links');
    const payload = JSON.parse(JSON.stringify({ seed: 7, cluster: BASE_SCENARIO.cluster, a: base.actions.map((a) => ('apply' in a ? [a.atMs, 'a', a.apply] : 'fault' in a ? [a.atMs, 'f', a.fault] : [a.atMs, 'k', a.kubectl])), t: 18_000 })) as Json;
    for (let i = 0; i < MUTATED_LINKS; i++) {
      const seed = caseSeed('mutated-links', i);
      const f = new Fuzz(seed, 'links');
      const m = mutate(f, payload);
      tryLink(failures, seed, linkFromPayload(m.value), `mutated: ${m.how.join('; ')}\n${JSON.stringify(m.value).slice(0, 2000)}`, i % 4 === 0);
    }
    if (failures.list.length) console.log(failures.report());
    expect(failures.kinds()).toEqual([]);
  });
});
