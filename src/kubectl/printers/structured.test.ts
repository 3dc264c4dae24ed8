import { describe, expect, it } from 'vitest';
import { toYaml, yamlKeyLess } from './yaml';
import { toJson } from './json';
import { executeJsonPath, parseJsonPath } from './jsonpath';

describe('toYaml', () => {
  it('sorts keys, keeps lists flush with their key and quotes what would not read back as a string', () => {
    const obj = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'web', labels: {}, resourceVersion: '', creationTimestamp: '2024-09-02T10:00:00Z', annotations: { 'a.io/x': 'true' } },
      spec: { containers: [{ name: 'c', image: 'nginx', args: ['--port', '80'], ports: [{ containerPort: 80 }] }], tolerations: [] },
    };
    expect(toYaml(obj)).toBe(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  annotations:',
        '    a.io/x: "true"',
        '  creationTimestamp: "2024-09-02T10:00:00Z"',
        '  labels: {}',
        '  name: web',
        '  resourceVersion: ""',
        'spec:',
        '  containers:',
        '  - args:',
        '    - --port',
        '    - "80"',
        '    image: nginx',
        '    name: c',
        '    ports:',
        '    - containerPort: 80',
        '  tolerations: []',
        '',
      ].join('\n'),
    );
  });

  const scalars: [string, string, string][] = [
    ['a value with a colon-space is single-quoted', 'a: b', "x: 'a: b'\n"],
    ['a value starting with an asterisk is single-quoted', '*.example.com', "x: '*.example.com'\n"],
    ['yes is quoted because YAML 1.1 reads it as a bool', 'yes', 'x: "yes"\n'],
    ['a multi-line value becomes a literal block', '{"a":1}\n', 'x: |\n  {"a":1}\n'],
    ['a multi-line value without a final newline strips it', 'a\nb', 'x: |-\n  a\n  b\n'],
    ['a tab forces double quotes with an escape', 'a\tb', 'x: "a\\tb"\n'],
  ];
  it.each(scalars)('%s', (_n, v, want) => expect(toYaml({ x: v })).toBe(want));

  it('folds a long plain value at a space past column 80', () => {
    const long = 'word '.repeat(20).trim();
    expect(toYaml({ message: long })).toBe(`message: ${'word '.repeat(14)}word\n  ${'word '.repeat(4)}word\n`);
  });

  it('orders keys with digit runs numerically and non-letters first', () => {
    expect(yamlKeyLess('item9', 'item10')).toBe(true);
    expect(yamlKeyLess('a_b', 'aB')).toBe(true);
    expect(yamlKeyLess('app', 'app.kubernetes.io/name')).toBe(true);
  });
});

describe('toJson', () => {
  it('indents four spaces, sorts keys and escapes angle brackets as Go does', () => {
    expect(toJson({ b: '<none>', a: [1, {}], c: [] })).toBe('{\n    "a": [\n        1,\n        {}\n    ],\n    "b": "\\u003cnone\\u003e",\n    "c": []\n}\n');
  });
});

describe('JSONPath templates', () => {
  const list = {
    items: [
      { metadata: { name: 'a' }, status: { podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] } },
      { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
    ],
  };
  const cases: [string, string, unknown, string][] = [
    ['a field path prints the value bare', '{.items[0].metadata.name}', list, 'a'],
    ['a wildcard prints values separated by spaces', '{.items[*].metadata.name}', list, 'a b'],
    ['text outside braces is copied', 'ip={.items[0].status.podIP}', list, 'ip=10.0.0.1'],
    ['range repeats its body per item with string literals', '{range .items[*]}{.metadata.name}{"\\n"}{end}', list, 'a\nb\n'],
    ['a filter selects list items by field', '{.items[0].status.conditions[?(@.type=="Ready")].status}', list, 'True'],
    ['a missing field prints nothing', '{.items[1].status.podIP}', list, ''],
    ['a map prints as compact JSON', '{.items[0].metadata}', list, '{"name":"a"}'],
    ['a negative index counts from the end', '{.items[-1].metadata.name}', list, 'b'],
    ['an escaped dot stays in the key', '{.metadata.labels.app\\.kubernetes\\.io/name}', { metadata: { labels: { 'app.kubernetes.io/name': 'web' } } }, 'web'],
  ];
  it.each(cases)('%s', (_n, tpl, data, want) => expect(executeJsonPath(parseJsonPath(tpl), data)).toBe(want));

  it('reports an index out of range', () => {
    expect(() => executeJsonPath(parseJsonPath('{.items[5]}'), list)).toThrow('array index out of bounds: index 5, length 2');
  });
});
