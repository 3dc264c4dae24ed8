/**
 * Fuzz: scenario files with mutated settings — nodes, labels, taints, the scheduler configuration,
 * actions and faults. A scenario is refused with a clear message, or it runs within budget with no
 * JavaScript text in any output, the invariants hold once it settles, and `kubetab run` never lets an
 * exception out.
 */
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { ScenarioError } from '../../src/scenario/format';
import { parseScenario } from '../../src/scenario/parse';
import { ScenarioRun } from '../../src/scenario/runner';
import { describeThrown, jsLeaks, jsLeaksBeyond } from './kit/check';
import { Failures, replayLink, runBounded } from './kit/harness';
import { invariants } from './kit/invariants';
import { mutate, mutateText } from './kit/mutate';
import { caseSeed, Fuzz } from './kit/random';
import { BASE_SCENARIO } from './kit/scenario';

const CASES = Number(process.env.FUZZ_SCENARIOS ?? 160);
const RUN_TO_MS = 25_000;
const RUN_BUDGET = 100_000;
const SETTLE_MS = 40_000;
const SETTLE_BUDGET = 100_000;

function normal(s: string): string {
  return s.replace(/"[^"]*"|'[^']*'|\d+/g, '…').slice(0, 140);
}

describe('fuzz: scenario settings', () => {
  it(`reads ${CASES} mutated scenarios: refused in words, or run within budget with the invariants holding`, () => {
    const failures = new Failures('mutated scenarios');
    for (let i = 0; i < CASES; i++) {
      const seed = caseSeed('scenarios', i);
      const f = new Fuzz(seed, 'scenarios');
      const m = mutate(f, BASE_SCENARIO);
      let text = stringify(m.value, { lineWidth: 0 });
      const how = [...m.how];
      if (f.chance(10)) {
        const t = mutateText(f, text);
        text = t.text;
        how.push(`text: ${t.how}`);
      }
      const input = `# ${how.join('; ')}\n${text}`;
      let scenario;
      try {
        scenario = parseScenario(text);
      } catch (e) {
        if (!(e instanceof ScenarioError)) failures.add(`reading the scenario threw: ${normal(describeThrown(e).split('\n')[0]!)}`, seed, describeThrown(e), input);
        else if (jsLeaksBeyond(e.message, text).length) failures.add(`the refusal has JavaScript text: ${normal(e.message)}`, seed, e.message, input);
        continue;
      }
      let run: ScenarioRun;
      try {
        run = new ScenarioRun(scenario);
      } catch (e) {
        failures.add(`an accepted scenario's cluster could not be built: ${normal(describeThrown(e).split('\n')[0]!)}`, seed, describeThrown(e), input);
        continue;
      }
      const o = runBounded(run, RUN_TO_MS, RUN_BUDGET);
      if (!o.ok) {
        failures.add(o.problem === 'hang' ? 'the scenario did not reach its time within budget' : `the scenario's cluster threw: ${normal(o.detail.split('\n')[0]!)}`, seed, `${o.detail}\nreplay: ${replayLink(run)}`, input);
        continue;
      }
      for (const res of run.results) {
        const out = res.stdout + res.stderr;
        const leaks = jsLeaksBeyond(out, text);
        if (leaks.length) failures.add(`an action's output has JavaScript text: ${normal(out.split('\n').find((l) => jsLeaks(l).length) ?? out)}`, seed, out.slice(0, 2000), input);
      }
      const s = runBounded(run, RUN_TO_MS + SETTLE_MS, SETTLE_BUDGET);
      if (!s.ok) {
        failures.add(s.problem === 'hang' ? 'the scenario did not settle within budget' : `the scenario's cluster threw while settling: ${normal(s.detail.split('\n')[0]!)}`, seed, `${s.detail}\nreplay: ${replayLink(run)}`, input);
        continue;
      }
      for (const v of invariants(run.cluster)) failures.add(`invariant: ${normal(v)}`, seed, `${v}\nreplay: ${replayLink(run)}`, input);
      if (i % 5 === 0) {
        let out = '';
        try {
          main(['run', 'fuzz.yaml', '--until', '20s', '--exec', 'get pods -A -o wide', '--exec', 'describe nodes', '--events'], { stdout: (x) => (out += x), stderr: (x) => (out += x), readFile: () => text });
        } catch (e) {
          failures.add(`kubetab run let an exception out: ${normal(describeThrown(e).split('\n')[0]!)}`, seed, describeThrown(e), input);
        }
        const leaks = jsLeaksBeyond(out, text);
        if (leaks.length) failures.add(`kubetab run printed JavaScript text: ${normal(out.split('\n').find((l) => jsLeaks(l).length) ?? '')}`, seed, out.slice(0, 3000), input);
      }
    }
    if (failures.list.length) console.log(failures.report());
    expect(failures.kinds()).toEqual([]);
  });
});
