import { describe, expect, it } from 'vitest';
import { FAULT_MESSAGES } from '../../sim/faultMessages';
import { faultResults } from './en/faultResults';

describe("the page's fault results", () => {
  it('say in English exactly what the CLI prints, one message for each result', () => {
    const page = Object.fromEntries(Object.entries(faultResults).filter(([k]) => k !== 'faultResult.done' && k !== 'faultResult.failed').map(([k, v]) => [k.slice('faultResult.'.length), v]));
    expect(page).toEqual(FAULT_MESSAGES);
  });
});

describe("the worker's own replies", () => {
  it('say in English exactly what the worker sends as text', async () => {
    const { withNetworkSettings } = await import('../../worker/networkSettings');
    const { EMPTY_SCENARIO } = await import('../../worker/protocol');
    const { formatMessage } = await import('./format');
    const { en } = await import('./en');
    for (const change of [{ mode: 'ipvs' }, { backend: 'host-gw' }]) {
      const r = withNetworkSettings(EMPTY_SCENARIO, change);
      if ('error' in r) throw new Error(r.error);
      expect(formatMessage(en[r.note.key], r.note.params)).toBe(r.text);
    }
  });
});

describe("a refused link's reasons", () => {
  it('say in English exactly what the codec says', async () => {
    const { LINK_ERRORS } = await import('../../scenario/linkErrors');
    const { links } = await import('./en/links');
    expect(Object.fromEntries(Object.entries(links).map(([k, v]) => [k.slice('link.'.length), v]))).toEqual(LINK_ERRORS);
  });
});
