/**
 * The worker's own on-demand half: what only a learner's request runs — the lesson engine (goal
 * checks, Show me's log, the lesson draft with its YAML), the Network view's settings switch (the
 * scenario file's checks), the etcd panel's queries — gathered in one chunk fetched after boot.
 */
export { draftLesson, showSolutionLog, trackGoals } from './lessonActions';
export { withNetworkSettings } from './networkSettings';
export { answerEtcd, etcdctlCompaction } from './etcdQueries';
export { policyView } from './policyView';
export { rbacView, roleRulesOf } from './rbacView';
export { validateManifest } from './validateManifest';
