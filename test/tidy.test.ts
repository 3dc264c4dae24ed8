import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The core must replay bit for bit and run in Node and in a Worker: these are banned there. */
const BANNED: [RegExp, string][] = [
  [/\bMath\.random\s*\(/, 'Math.random is banned, use a named stream from Rng'],
  [/\bDate\.now\s*\(/, 'Date.now is banned, use clock.now()'],
  [/\bnew Date\s*\(\s*\)/, 'new Date() is banned, use clock.timestamp()'],
  [/\bperformance\.now\s*\(/, 'performance.now is banned, use clock.now()'],
  [/\bsetTimeout\s*\(/, 'setTimeout is banned, use clock.after()'],
  [/\bsetInterval\s*\(/, 'setInterval is banned, use clock.after()'],
  [/\bcrypto\.randomUUID\s*\(/, 'crypto.randomUUID is banned, use uidFrom(stream)'],
  [/\b(window|document|self|postMessage|localStorage)\./, 'DOM and Worker APIs are banned in the core'],
  [/from ['"]node:/, 'Node built-ins are banned in the core: it must run in a browser Worker'],
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('tidy', () => {
  const root = join(__dirname, '..');
  for (const dir of ['src/sim', 'src/kubectl', 'src/scenario']) {
    it(`keeps ${dir} free of wall clocks, ambient randomness and platform APIs`, () => {
      const problems: string[] = [];
      for (const f of files(join(root, dir))) {
        const lines = readFileSync(f, 'utf8').split('\n');
        lines.forEach((line, i) => {
          if (line.trim().startsWith('//') || line.trim().startsWith('*')) return;
          for (const [re, why] of BANNED) if (re.test(line)) problems.push(`${relative(root, f)}:${i + 1}: ${why}`);
        });
      }
      expect(problems).toEqual([]);
    });
  }
});
