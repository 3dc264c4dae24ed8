/** Lesson and course files are read strictly: each mistake is refused with the path at fault. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lessonFromObject, parseLesson, LessonError } from '../../src/lesson/parse';
import { parseCourse } from '../../src/lesson/course';

const FIXTURE = readFileSync(new URL('./fixtures/scale.yaml', import.meta.url), 'utf8');

/** The fixture as an object, changed by `edit`, then read: the error's message. */
function refused(edit: (o: Record<string, any>) => void): string {
  const o = structuredClone(parsedFixture());
  edit(o);
  try {
    lessonFromObject(o);
  } catch (e) {
    expect(e).toBeInstanceOf(LessonError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

function parsedFixture(): Record<string, any> {
  // The YAML library reads it as the page would before lessonFromObject.
  return parseYaml(FIXTURE) as Record<string, any>;
}

describe('a lesson file', () => {
  it('reads into the parsed form: defaults for when, settle and startAt', () => {
    const l = parseLesson(FIXTURE);
    expect(l.name).toBe('scale-web');
    expect(l.startAtMs).toBe(30_000);
    expect(l.settleMs).toBe(60_000);
    expect(l.goals.map((g) => [g.id, g.when])).toEqual([['three-ready', 'now'], ['three-pods', 'now']]);
    expect(l.solution).toEqual([{ kubectl: 'scale deployment/web --replicas=3', afterMs: 0 }]);
    const bare = refusedOrLesson((o) => {
      delete o.startAt;
      delete o.settle;
    });
    expect([bare.startAtMs, bare.settleMs]).toEqual([0, 120_000]);
  });

  it.each<[string, (o: Record<string, any>) => void, string]>([
    ['an unknown key, with its path', (o) => (o.goals[1].check.count.jsonpath = '{.x}'), 'goals[1].check.count.jsonpath: unknown field (allowed: resource, namespace, allNamespaces, selector, fieldSelector, where, equals, matches, atLeast, atMost)'],
    ['two check kinds', (o) => (o.goals[0].check.count = { resource: 'pods', equals: 1 }), 'goals[0].check: exactly one of object, count, placement, kubectl, event, traffic, all, any, not is required'],
    ['two comparisons', (o) => (o.goals[0].check.object.atLeast = 2), 'goals[0].check.object: exactly one of equals, matches, atLeast, atMost is required with jsonPath'],
    ['a comparison without a jsonPath', (o) => delete o.goals[0].check.object.jsonPath, 'goals[0].check.object.equals: compares a jsonPath: add one, or leave it out to check only that the object exists'],
    ['a when that is none of the four', (o) => (o.goals[0].when = 'sometimes'), 'goals[0].when: must be one of now, ever, always, never, got the string "sometimes"'],
    ['ever on a kubectl check', (o) => Object.assign(o.goals[0], { when: 'ever', check: { kubectl: { command: 'get pods', contains: 'Running' } } }), 'goals[0].when: "ever" follows the cluster at every moment, which only object, count, placement and event checks (and all, any, not of them) can do; this goal uses a kubectl check'],
    ['always on a traffic check inside not', (o) => Object.assign(o.goals[0], { when: 'always', check: { not: { traffic: { from: 'client', to: 'web:80' } } } }), 'goals[0].when: "always" follows the cluster at every moment, which only object, count, placement and event checks (and all, any, not of them) can do; this goal uses a traffic check'],
    ['a kubectl command that writes', (o) => (o.goals[0].check = { kubectl: { command: 'scale deploy/web --replicas=1', contains: 'x' } }), 'goals[0].check.kubectl.command: "scale" is not a command that only reads; only commands that read are allowed: get, describe, logs, top, explain, events, version, api-resources, api-versions, cluster-info, rollout history, rollout status, auth can-i'],
    ['a rollout subcommand that writes', (o) => (o.goals[0].check = { kubectl: { command: '-n shop rollout undo deploy/web', contains: 'x' } }), 'goals[0].check.kubectl.command: "rollout undo" is not a command that only reads; only commands that read are allowed: get, describe, logs, top, explain, events, version, api-resources, api-versions, cluster-info, rollout history, rollout status, auth can-i'],
    ['a watch', (o) => (o.goals[0].check = { kubectl: { command: 'get pods -w', contains: 'x' } }), 'goals[0].check.kubectl.command: -w keeps watching the cluster; a goal reads it once'],
    ['logs that follow', (o) => (o.goals[0].check = { kubectl: { command: 'logs -f web-0', contains: 'x' } }), 'goals[0].check.kubectl.command: -f keeps watching the cluster; a goal reads it once'],
    ['a goal id that is not a DNS label', (o) => (o.goals[1].id = 'Three_Pods'), 'goals[1].id: "Three_Pods" is not a DNS label: lower case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters'],
    ['a goal id used twice', (o) => (o.goals[1].id = 'three-ready'), 'goals[1].id: "three-ready" is already the id of goals[0]'],
    ['a resource kubectl does not know', (o) => (o.goals[0].check.object.resource = 'deploymnt'), 'goals[0].check.object.resource: the server doesn\'t have a resource type "deploymnt"'],
    ['a JSONPath that does not parse', (o) => (o.goals[0].check.object.jsonPath = '{.status[}'), 'goals[0].check.object.jsonPath: error parsing jsonpath {.status[}, unterminated array'],
    ['a JSONPath without braces', (o) => (o.goals[0].check.object.jsonPath = '.status.readyReplicas'), 'goals[0].check.object.jsonPath: expected a JSONPath template such as {.status.readyReplicas}, got ".status.readyReplicas"'],
    ['a label selector that does not parse', (o) => (o.goals[1].check.count.selector = 'app in web'), "goals[1].check.count.selector: unable to parse requirement: found 'web' expected: '('"],
    ['a field selector the resource does not support', (o) => (o.goals[1].check.count.fieldSelector = 'spec.replicas=3'), 'goals[1].check.count.fieldSelector: field label not supported: spec.replicas'],
    ['a bad duration', (o) => (o.settle = '2 minutes'), 'settle: time: invalid duration "2 minutes"'],
    ['startAt before the stage ends', (o) => (o.scenario.actions.push({ at: '40s', kubectl: 'get pods' }), (o.startAt = '35s')), "startAt: the student cannot take over before the scenario's last action (at 40s)"],
    ['a scenario error, with the lesson path', (o) => (o.scenario.actions[0].at = 'soon'), 'scenario.actions[0].at: time: invalid duration "soon"'],
    ['a solution step as a scenario action would be refused', (o) => (o.solution[0] = { after: '5s', fault: { type: 'node-down' } }), 'solution[0].fault.node: required for fault type node-down'],
    ['a solution step with at', (o) => (o.solution[0].at = '5s'), 'solution[0].at: unknown field (allowed: after, apply, kubectl, fault, trace)'],
    ['a title without English', (o) => (o.title = { 'zh-CN': '扩缩' }), 'title.en: Required value'],
    ['a language the lesson format does not have', (o) => (o.goals[0].hint.fr = 'Essayez'), 'goals[0].hint.fr: unknown field (allowed: en, zh-CN)'],
    ['a traffic check to nowhere', (o) => (o.goals[0].check = { traffic: { from: 'client', to: 'web' } }), 'goals[0].check.traffic.to: invalid destination "web": want HOST:PORT, HOST:PORT/udp or http://NAME/PATH@HOST:PORT'],
    ['an answering pod on a connection that is not delivered', (o) => (o.goals[0].check = { traffic: { from: 'client', to: 'web:80', expect: 'dropped', answeredBy: 'app=web' } }), 'goals[0].check.traffic.answeredBy: only a delivered connection is answered; leave out expect or make it delivered'],
    ['an answering pod\'s selector that does not parse', (o) => (o.goals[0].check = { traffic: { from: 'client', to: 'web:80', answeredBy: 'app in web' } }), "goals[0].check.traffic.answeredBy: unable to parse requirement: found 'web' expected: '('"],
    ['an empty all', (o) => (o.goals[0].check = { all: [] }), 'goals[0].check.all: expected a list of at least one check, got an empty list'],
    ['no goals', (o) => (o.goals = []), 'goals: at least one goal is required'],
    ['the wrong kind', (o) => (o.kind = 'Scenario'), 'kind: must be "Lesson", got "Scenario"'],
  ])('refuses %s', (_what, edit, message) => {
    expect(refused(edit)).toBe(message);
  });

  it('takes the commands that read, global flags first or not, and -f as a file for get', () => {
    for (const command of ['get pods', '-n kube-system get pods', 'get -f web.yaml', 'rollout status deploy/web', 'kubectl describe node worker-1', 'logs web-0 --previous']) {
      expect(refusedOrLesson((o) => (o.goals[0].check = { kubectl: { command, contains: 'x' } })).goals[0]!.check).toEqual({ kubectl: { command, contains: 'x' } });
    }
  });

  it('refuses text that is not one YAML document', () => {
    expect(() => parseLesson('')).toThrow(new LessonError('lesson: the document is empty'));
    expect(() => parseLesson('a: 1\n---\nb: 2\n')).toThrow(new LessonError('lesson: expected one YAML document, found several'));
  });
});

function refusedOrLesson(edit: (o: Record<string, any>) => void) {
  const o = structuredClone(parsedFixture());
  edit(o);
  return lessonFromObject(o);
}

describe('the course file', () => {
  it('lists the lessons in order, each name once', () => {
    const c = parseCourse('apiVersion: kubetab/v1\nkind: Course\nsections:\n  - title: {en: A, zh-CN: 甲}\n    lessons: [one, two]\n  - title: {en: B}\n    lessons: [three]\n');
    expect(c.sections.map((s) => [s.title, s.lessons])).toEqual([[{ en: 'A', 'zh-CN': '甲' }, ['one', 'two']], [{ en: 'B' }, ['three']]]);
    expect(() => parseCourse('apiVersion: kubetab/v1\nkind: Course\nsections:\n  - title: {en: A}\n    lessons: [one, one]\n')).toThrow(new LessonError('sections[0].lessons[1]: "one" is already in sections[0].lessons[0]'));
  });

  it('reads the built-in course: its sections in order, each with its lessons', () => {
    const c = parseCourse(readFileSync(new URL('../../lessons/course.yaml', import.meta.url), 'utf8'));
    expect(c.sections.map((s) => [s.title, s.lessons])).toEqual([
      [{ en: 'How a cluster works', 'zh-CN': '集群如何工作' }, ['architecture-flow', 'pod-lifecycle-probes', 'restart-policy-crashloop']],
      [{ en: 'Deployments', 'zh-CN': 'Deployment' }, ['deployment-scaling', 'rolling-update', 'rollback', 'self-healing-node-failure']],
      [{ en: 'Scheduling', 'zh-CN': '调度' }, ['scheduling-resources', 'node-selector-affinity', 'taints-tolerations', 'topology-spread', 'priority-preemption']],
      [{ en: 'More workloads', 'zh-CN': '更多工作负载' }, ['daemonsets', 'jobs-cronjobs', 'statefulset-storage']],
      [{ en: 'Configuration and scaling', 'zh-CN': '配置与自动伸缩' }, ['configmaps-secrets', 'hpa']],
      [{ en: 'Networking', 'zh-CN': '网络' }, ['services-iptables', 'services-ipvs', 'dns', 'flannel-across-nodes', 'network-policy', 'ingress']],
      [{ en: 'Access control', 'zh-CN': '访问控制' }, ['rbac-serviceaccount']],
    ]);
  });
});
