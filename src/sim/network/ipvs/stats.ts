/**
 * Per-service and per-destination counters and the rate estimator behind `ipvsadm --stats` and
 * `--rate`, as net/netfilter/ipvs/ip_vs_est.c computes them:
 * - every 2 seconds each estimator takes the counter deltas, scales them (connections and packets
 *   by 2^10, bytes by 2^5, both halved for the 2 s period) and moves a quarter of the way towards
 *   them (an exponentially weighted average);
 * - a read rounds back: (cps + 0x1FF) >> 10 for connections and packets, (bps + 0xF) >> 5 for bytes.
 */

export interface IpvsStats {
  conns: number;
  inpkts: number;
  outpkts: number;
  inbytes: number;
  outbytes: number;
  est: Estimator;
}

interface Estimator {
  lastConns: number;
  lastInpkts: number;
  lastOutpkts: number;
  lastInbytes: number;
  lastOutbytes: number;
  cps: number;
  inpps: number;
  outpps: number;
  inbps: number;
  outbps: number;
}

export function newStats(): IpvsStats {
  return {
    conns: 0, inpkts: 0, outpkts: 0, inbytes: 0, outbytes: 0,
    est: { lastConns: 0, lastInpkts: 0, lastOutpkts: 0, lastInbytes: 0, lastOutbytes: 0, cps: 0, inpps: 0, outpps: 0, inbps: 0, outbps: 0 },
  };
}

/** The estimator timer period. */
export const ESTIMATOR_PERIOD_MS = 2000;

/** `(s64)x >> 2` on a signed value: an arithmetic shift rounds towards minus infinity. */
function quarter(x: number): number {
  return Math.floor(x / 4);
}

/** One estimation_timer() run over one stats block. */
export function estimate(s: IpvsStats): void {
  const e = s.est;
  e.cps += quarter((s.conns - e.lastConns) * 512 - e.cps);
  e.lastConns = s.conns;
  e.inpps += quarter((s.inpkts - e.lastInpkts) * 512 - e.inpps);
  e.lastInpkts = s.inpkts;
  e.outpps += quarter((s.outpkts - e.lastOutpkts) * 512 - e.outpps);
  e.lastOutpkts = s.outpkts;
  e.inbps += quarter((s.inbytes - e.lastInbytes) * 16 - e.inbps);
  e.lastInbytes = s.inbytes;
  e.outbps += quarter((s.outbytes - e.lastOutbytes) * 16 - e.outbps);
  e.lastOutbytes = s.outbytes;
}

export interface Rates {
  cps: number;
  inpps: number;
  outpps: number;
  inbps: number;
  outbps: number;
}

/** ip_vs_read_estimator(): the rates as ipvsadm --rate shows them. */
export function readRates(s: IpvsStats): Rates {
  const e = s.est;
  return {
    cps: Math.floor((e.cps + 0x1ff) / 1024),
    inpps: Math.floor((e.inpps + 0x1ff) / 1024),
    outpps: Math.floor((e.outpps + 0x1ff) / 1024),
    inbps: Math.floor((e.inbps + 0xf) / 32),
    outbps: Math.floor((e.outbps + 0xf) / 32),
  };
}
