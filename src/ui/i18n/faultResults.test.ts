import { describe, expect, it } from 'vitest';
import { FAULT_MESSAGES } from '../../sim/faultMessages';
import { faultResults } from './en/faultResults';

describe("the page's fault results", () => {
  it('say in English exactly what the CLI prints, one message for each result', () => {
    const page = Object.fromEntries(Object.entries(faultResults).filter(([k]) => k !== 'faultResult.done' && k !== 'faultResult.failed').map(([k, v]) => [k.slice('faultResult.'.length), v]));
    expect(page).toEqual(FAULT_MESSAGES);
  });
});
