import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configMapHash, secretHash } from './hash';

describe("kustomize's generated-name hash", () => {
  it('with a name, gives the suffix kubernetes.io publishes (an older kustomize, which hashed the name too)', () => {
    // "Declarative Management of Kubernetes Objects Using Kustomize": example-configmap-1-8mbdf7882g; v5 prints -g4hk9g2ff8 (below).
    expect(configMapHash('example-configmap-1', { 'application.properties': 'FOO=Bar\n' })).toBe('8mbdf7882g');
  });

  it('gives what kustomize v5.5 prints: the generated object hashed without its name', () => {
    // `kubectl kustomize` (1.32, kustomize v5.5.0) on a configMapGenerator `example-configmap-1` of application.properties: example-configmap-1-g4hk9g2ff8.
    expect(configMapHash('', { 'application.properties': 'FOO=Bar\n' })).toBe('g4hk9g2ff8');
    // secretGenerator with literal a=b, of type kubernetes.io/tls and of the default type.
    expect(secretHash('', 'kubernetes.io/tls', { a: 'Yg==' })).toBe('92982c4m8f');
    expect(secretHash('', 'Opaque', { a: 'Yg==' })).toBe('k695gkmbtk');
  });

  it('encodes as Go does: keys in order, <, > and & escaped', () => {
    expect(configMapHash('x', { b: '2', a: '1' })).toBe(configMapHash('x', { a: '1', b: '2' }));
    // The hashed text, written out: Go's json.Marshal escapes <, & and > in strings.
    const hex = createHash('sha256').update('{"data":{"a":"\\u003c\\u0026\\u003e"},"kind":"ConfigMap","name":"x"}').digest('hex');
    expect(configMapHash('x', { a: '<&>' })).toBe(hex.slice(0, 10).replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c]!));
  });
});
