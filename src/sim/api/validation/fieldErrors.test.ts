import { describe, expect, it } from 'vitest';
import {
  aggregateMessage,
  duplicate,
  fieldErrorString,
  forbidden,
  invalid,
  invalidError,
  invalidMessage,
  notSupported,
  renderGoValue,
  renderLabelSelector,
  required,
  tooLong,
} from './fieldErrors';

describe('field error rendering', () => {
  it.each([
    ['a required value', required('spec.containers'), 'spec.containers: Required value'],
    ['a required value with detail', required('metadata.name', 'name or generateName is required'), 'metadata.name: Required value: name or generateName is required'],
    ['an invalid string is quoted', invalid('metadata.name', 'Bad', 'detail'), 'metadata.name: Invalid value: "Bad": detail'],
    ['an invalid number is bare', invalid('spec.replicas', -1, 'must be greater than or equal to 0'), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['an unsupported value lists the quoted choices', notSupported('spec.type', 'Foo', ['ClusterIP', 'NodePort']), 'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "NodePort"'],
    ['a duplicate value', duplicate('spec.containers[1].name', 'web'), 'spec.containers[1].name: Duplicate value: "web"'],
    ['a forbidden change hides the value', forbidden('spec', 'no'), 'spec: Forbidden: no'],
    ['too long hides the value', tooLong('metadata.name', 63), 'metadata.name: Too long: may not be longer than 63'],
  ])('%s', (_name, err, want) => {
    expect(fieldErrorString(err)).toBe(want);
  });

  it.each([
    ['a string map prints like Go %#v with sorted keys', { b: '2', a: '1' }, 'map[string]string{"a":"1", "b":"2"}'],
    ['a string slice', ['10.0.0.1'], '[]string{"10.0.0.1"}'],
    ['null prints as null', null, 'null'],
    ['quotes and newlines are escaped', 'a"b\nc', '"a\\"b\\nc"'],
    ['booleans are bare', true, 'true'],
  ])('%s', (_name, v, want) => {
    expect(renderGoValue(v)).toBe(want);
  });

  it('a label selector renders in the familiar immutable-field form', () => {
    expect(renderLabelSelector({ matchLabels: { app: 'web' } }).text).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
  });
});

describe('Invalid status', () => {
  it.each([
    ['one error is shown bare', [required('spec.selector')], 'Deployment.apps "web" is invalid: spec.selector: Required value'],
    [
      'several errors are bracketed',
      [required('spec.selector'), required('spec.template.spec.containers')],
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.spec.containers: Required value]',
    ],
    ['repeated errors are shown once', [required('a'), required('a')], 'Deployment.apps "web" is invalid: a: Required value'],
  ])('%s', (_name, errs, want) => {
    expect(invalidMessage('Deployment.apps', 'web', errs)).toBe(want);
  });

  it('the status error carries code 422, reason Invalid and causes', () => {
    const e = invalidError('', 'Pod', 'p', [required('spec.containers')]);
    expect(e.status.code).toBe(422);
    expect(e.status.message).toBe('Pod "p" is invalid: spec.containers: Required value');
    expect(e.status.details?.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }]);
  });

  it('aggregateMessage of one error has no brackets', () => {
    expect(aggregateMessage([required('x')])).toBe('x: Required value');
  });
});
