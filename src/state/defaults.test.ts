import { describe, expect, it } from 'vitest';
import { EMPTY_SCENARIO } from '../worker/host';
import { DEFAULT_SCENARIO } from './defaults';

describe('DEFAULT_SCENARIO', () => {
  it('is the worker host’s EMPTY_SCENARIO', () => {
    expect(DEFAULT_SCENARIO).toEqual(EMPTY_SCENARIO);
  });
});
