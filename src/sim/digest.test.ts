import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32Prefix, sha224, sha256 } from './digest';
import { sha1Hex } from './digestSha1';

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('digests', () => {
  it('computes SHA-256 (FIPS 180-2 test vectors, including a two-block message)', () => {
    expect(hex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('computes SHA-224 as Node does, over text and over bytes, across block boundaries', () => {
    expect(hex(sha224('abc'))).toBe('23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7');
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 200]) {
      const text = 'ä'.repeat(n % 3) + 'x'.repeat(n);
      expect(hex(sha224(text))).toBe(createHash('sha224').update(text).digest('hex'));
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 0xff);
      expect(hex(sha224(bytes))).toBe(createHash('sha224').update(bytes).digest('hex'));
      expect(hex(sha256(bytes))).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('computes SHA-1 as Node does', () => {
    for (const s of ['', 'abc', 'default.web', 'a'.repeat(100)]) expect(sha1Hex(s)).toBe(createHash('sha1').update(s).digest('hex'));
  });

  it('encodes base32 with the standard alphabet (RFC 4648 vectors)', () => {
    const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(base32Prefix(bytes('foobar'), 10)).toBe('MZXW6YTBOI');
    expect(base32Prefix(bytes('fooba'), 8)).toBe('MZXW6YTB');
  });
});
