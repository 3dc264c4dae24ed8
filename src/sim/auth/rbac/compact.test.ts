import { describe, expect, it } from 'vitest';
import { breakdownRule, compactedForDisplay, compactRules, policyRuleString } from './compact';

describe('breakdownRule', () => {
  it('gives one rule per group, resource, verb and name, then per URL and verb', () => {
    expect(breakdownRule({ verbs: ['get', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'] })).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['a'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['b'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['update'], resourceNames: ['a'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['update'], resourceNames: ['b'] },
    ]);
    expect(breakdownRule({ verbs: ['get'], nonResourceURLs: ['/healthz', '/version'] })).toEqual([
      { nonResourceURLs: ['/healthz'], verbs: ['get'] },
      { nonResourceURLs: ['/version'], verbs: ['get'] },
    ]);
  });
});

describe('compactRules', () => {
  it('joins verbs per group, resource and name; a named rule stays apart from the unnamed one', () => {
    const rules = breakdownRule({ verbs: ['get', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'] });
    rules.push({ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }, { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['a'] });
    expect(compactRules(rules)).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'update', 'get'], resourceNames: ['a'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'update'], resourceNames: ['b'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['list'] },
    ]);
  });

  it('passes rules with several names or a URL through, before the merged ones', () => {
    expect(
      compactRules([
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['x', 'y'] },
        { nonResourceURLs: ['/healthz'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      ]),
    ).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['x', 'y'] },
      { nonResourceURLs: ['/healthz'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    ]);
  });
});

describe('compactedForDisplay', () => {
  it('sorts by the Go String() form, verbs first', () => {
    const rows = compactedForDisplay([
      { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] },
    ]);
    expect(rows.map(policyRuleString)).toEqual([
      '&PolicyRule{Verbs:[get update],APIGroups:[],Resources:[configmaps],ResourceNames:[app],NonResourceURLs:[],}',
      '&PolicyRule{Verbs:[list],APIGroups:[],Resources:[pods],ResourceNames:[],NonResourceURLs:[],}',
    ]);
  });
});
