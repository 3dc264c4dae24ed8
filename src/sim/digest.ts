/**
 * Digests the core needs in more than one place — kube-proxy's chain names, kube-apiserver's identity
 * Lease, MetalLB's speaker election, felix's rule hashes, the calico CNI plugin's interface names:
 * SHA-256, SHA-224, SHA-1 and the standard base32 encoding Go's libraries use.
 *
 * They are implemented here because the core runs in a browser Worker with no synchronous digest.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const encoder = new TextEncoder();
const W = new Uint32Array(64);
let scratch = new Uint8Array(256);

/** The UTF-8 bytes of `text` (or the bytes given) in a reused buffer (names are ASCII, so usually a plain copy). */
function utf8(text: string | Uint8Array): { bytes: Uint8Array; length: number } {
  if (typeof text !== 'string') {
    if (scratch.length < text.length + 72) scratch = new Uint8Array((text.length + 72) * 2);
    scratch.set(text);
    return { bytes: scratch, length: text.length };
  }
  const n = text.length;
  if (scratch.length < n + 72) scratch = new Uint8Array((n + 72) * 2);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      const enc = encoder.encode(text);
      if (scratch.length < enc.length + 72) scratch = new Uint8Array((enc.length + 72) * 2);
      scratch.set(enc);
      return { bytes: scratch, length: enc.length };
    }
    scratch[i] = c;
  }
  return { bytes: scratch, length: n };
}

const SHA256_INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19] as const;
/** SHA-224 is SHA-256 from other initial values (FIPS 180-4 §5.3.2), cut to 28 bytes. */
const SHA224_INIT = [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4] as const;

/** SHA-256 of the UTF-8 bytes of `text`, or of the bytes given. */
export function sha256(text: string | Uint8Array): Uint8Array {
  return sha2(text, SHA256_INIT, 32);
}

/** SHA-224 of the UTF-8 bytes of `text`, or of the bytes given. */
export function sha224(text: string | Uint8Array): Uint8Array {
  return sha2(text, SHA224_INIT, 28);
}

function sha2(text: string | Uint8Array, init: readonly number[], outLength: number): Uint8Array {
  const { bytes: buf, length } = utf8(text);
  // pad: 0x80, zeros, 64-bit big-endian bit length, to a multiple of 64 bytes
  const total = ((length + 9 + 63) >> 6) << 6;
  buf[length] = 0x80;
  buf.fill(0, length + 1, total);
  const bitLen = length * 8;
  const hi = Math.floor(bitLen / 0x100000000);
  buf[total - 8] = hi >>> 24; buf[total - 7] = hi >>> 16; buf[total - 6] = hi >>> 8; buf[total - 5] = hi;
  buf[total - 4] = bitLen >>> 24; buf[total - 3] = bitLen >>> 16; buf[total - 2] = bitLen >>> 8; buf[total - 1] = bitLen;
  let h0 = init[0]!, h1 = init[1]!, h2 = init[2]!, h3 = init[3]!;
  let h4 = init[4]!, h5 = init[5]!, h6 = init[6]!, h7 = init[7]!;
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      W[i] = (buf[j]! << 24) | (buf[j + 1]! << 16) | (buf[j + 2]! << 8) | buf[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = W[i - 15]!, b = W[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i]! + W[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  const out = new Uint8Array(outLength);
  const hs = [h0, h1, h2, h3, h4, h5, h6, h7];
  for (let i = 0; i < outLength / 4; i++) {
    const v = hs[i]!;
    out[i * 4] = v >>> 24; out[i * 4 + 1] = v >>> 16; out[i * 4 + 2] = v >>> 8; out[i * 4 + 3] = v;
  }
  return out;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The first `chars` characters of RFC 4648 base32 (Go's base32.StdEncoding) of `bytes`. */
export function base32Prefix(bytes: Uint8Array, chars: number): string {
  let out = '';
  let buf = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length && out.length < chars; i++) {
    buf = ((buf << 8) | bytes[i]!) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += B32[(buf >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  // a last partial group is padded with zero bits
  if (bits > 0 && out.length < chars) out += B32[(buf << (5 - bits)) & 31];
  return out;
}
