import { describe, expect, it } from 'vitest';
import { humanDuration, shortHumanDuration } from './duration';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration', () => {
  const cases: [string, number, string][] = [
    ['more than a second in the future is invalid', -2 * S, '<invalid>'],
    ['just under two seconds in the future reads as zero', -1999, '0s'],
    ['a few seconds are seconds', 5 * S, '5s'],
    ['119 seconds are still seconds', 119 * S, '119s'],
    ['two minutes exactly drop the seconds', 2 * M, '2m'],
    ['three minutes twelve seconds keep both', 3 * M + 12 * S, '3m12s'],
    ['ten minutes and more lose the seconds', 10 * M + 30 * S, '10m'],
    ['179 minutes stay in minutes', 179 * M, '179m'],
    ['three hours five minutes keep both', 3 * H + 5 * M, '3h5m'],
    ['three hours exactly drop the minutes', 3 * H, '3h'],
    ['47 hours stay in hours', 47 * H, '47h'],
    ['two days three hours keep both', 2 * D + 3 * H, '2d3h'],
    ['eight days are days only', 8 * D + 5 * H, '8d'],
    ['729 days are still days', 729 * D, '729d'],
    ['two years thirty days keep both', 2 * Y + 30 * D, '2y30d'],
    ['nine years are years only', 9 * Y + 40 * D, '9y'],
  ];
  it.each(cases)('%s', (_name, ms, want) => expect(humanDuration(ms)).toBe(want));
});

describe('shortHumanDuration', () => {
  const cases: [string, number, string][] = [
    ['seconds under a minute', 59 * S, '59s'],
    ['minutes under an hour', 59 * M + 59 * S, '59m'],
    ['hours under a day', 23 * H, '23h'],
    ['days under a year', 364 * D, '364d'],
    ['years beyond', 3 * Y, '3y'],
  ];
  it.each(cases)('%s', (_name, ms, want) => expect(shortHumanDuration(ms)).toBe(want));
});
