import { describe, expect, it } from 'vitest';
import { lengthLimited, ruleHashes } from './names';

describe("felix's names", () => {
  it("hashes rules as felix 3.28 does: the hooks' and cali-FORWARD's hashes are those on a real node", () => {
    expect(ruleHashes('INPUT', ['-A INPUT HASH --jump cali-INPUT'])).toEqual(['Cz_u1IQiXIMmKD4c']);
    expect(ruleHashes('FORWARD', ['-A FORWARD HASH --jump cali-FORWARD'])).toEqual(['wUHhoiAYhphO9Mso']);
    expect(ruleHashes('OUTPUT', ['-A OUTPUT HASH --jump cali-OUTPUT'])).toEqual(['tVnHkvAo15HuiPy0']);
    expect(ruleHashes('cali-FORWARD', [
      '-A cali-FORWARD HASH --jump MARK --set-mark 0/0xe0000',
      '-A cali-FORWARD HASH -m mark --mark 0/0x10000 --jump cali-from-hep-forward',
      '-A cali-FORWARD HASH --in-interface cali+ --jump cali-from-wl-dispatch',
    ])).toEqual(['vjrMJCRpqwy5oRoX', 'A_sPAO0mcxbT9mOV', '8ZoYfO5HKXWbB3pk']);
  });

  it('keeps a name that fits, and hashes one that does not or that could pass for a shortened one', () => {
    expect(lengthLimited('cali-pri-', 'kns.default', 28)).toBe('cali-pri-kns.default');
    expect(lengthLimited('cali-pri-', 'k'.repeat(19), 28)).toBe(`cali-pri-${'k'.repeat(19)}`);
    expect(lengthLimited('cali-pri-', '_'.padEnd(19, 'k'), 28)).toMatch(/^cali-pri-_[A-Za-z0-9_-]{18}$/);
    expect(lengthLimited('cali-pri-', '_'.padEnd(19, 'k'), 28)).not.toBe(`cali-pri-_${'k'.repeat(18)}`);
    expect(lengthLimited('cali-pi-', 'default/knp.default.allow-frontend', 28)).toHaveLength(28);
  });
});
