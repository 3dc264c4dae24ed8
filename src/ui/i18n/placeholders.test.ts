import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';
import type { Message } from './types';

const names = (m: Message): string[] => [...new Set((typeof m === 'string' ? m : `${m.one} ${m.other}`).match(/\{\w+\}/g) ?? [])].sort();

describe('the Chinese catalogue', () => {
  it('fills the same placeholders as the English one, message by message', () => {
    const wrong = Object.keys(en)
      .filter((k) => names(en[k as keyof typeof en]).join() !== names(zhCN[k as keyof typeof en]).join())
      .map((k) => `${k}: ${names(en[k as keyof typeof en]).join()} ≠ ${names(zhCN[k as keyof typeof en]).join()}`);
    expect(wrong).toEqual([]);
  });

  it('has no plural pairs (Chinese does not inflect), and every English pair says {count}', () => {
    expect(Object.keys(zhCN).filter((k) => typeof zhCN[k as keyof typeof zhCN] !== 'string')).toEqual([]);
    const pairs = Object.entries(en).filter(([, m]) => typeof m !== 'string') as [string, { one: string; other: string }][];
    expect(pairs.filter(([, m]) => !m.one.includes('{count}') || !m.other.includes('{count}')).map(([k]) => k)).toEqual([]);
  });
});
