/**
 * The two pings a learner meets: busybox 1.36's (networking/ping.c, FEATURE_FANCY_PING) in busybox
 * and alpine images, and iputils' (Ubuntu 24.04 nodes, netshoot). Both send one echo request a
 * second and print a reply line per answer; lost requests print nothing. They differ in wording:
 *
 *   busybox:  PING web (10.96.12.3): 56 data bytes
 *             64 bytes from 10.96.12.3: seq=0 ttl=64 time=0.088 ms
 *             --- web ping statistics ---
 *             1 packets transmitted, 1 packets received, 0% packet loss
 *             round-trip min/avg/max = 0.088/0.088/0.088 ms
 *
 *   iputils:  PING 10.244.2.3 (10.244.2.3) 56(84) bytes of data.
 *             64 bytes from 10.244.2.3: icmp_seq=1 ttl=63 time=0.512 ms
 *             From 10.244.1.1 icmp_seq=1 Destination Host Unreachable
 *             --- 10.244.2.3 ping statistics ---
 *             1 packets transmitted, 1 received, 0% packet loss, time 0ms
 *             rtt min/avg/max/mdev = 0.512/0.512/0.512/0.000 ms
 *
 * Without -c or -w both run until interrupted; the caller says when that happens (`interruptAtMs`),
 * and the statistics follow as after Ctrl-C.
 */
import type { BusyboxBuild } from './busybox';
import { die, usage } from './busybox';
import type { NetHost, NetToolResult } from './host';
import { isDottedQuad } from './host';
import { getopt } from './getopt';

export interface PingRun {
  /** when a ping with no end is interrupted, ms after it started */
  interruptAtMs?: number;
}

const BB_USAGE =
  'Usage: ping [OPTIONS] HOST\n\nSend ICMP ECHO_REQUEST packets to network hosts\n\n' +
  '\t-4,-6\t\tForce IP or IPv6 name resolution\n' +
  '\t-c CNT\t\tSend only CNT pings\n' +
  '\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)\n' +
  '\t-i SECS\t\tInterval\n' +
  '\t-A\t\tPing as soon as reply is recevied\n' +
  '\t-t TTL\t\tSet TTL\n' +
  '\t-I IFACE/IP\tSource interface or IP address\n' +
  '\t-W SEC\t\tSeconds to wait for the first response (default 10)\n' +
  '\t\t\t(after all -c CNT packets are sent)\n' +
  '\t-w SEC\t\tSeconds until ping exits (default:infinite)\n' +
  '\t\t\t(can exit earlier with -c CNT)\n' +
  '\t-q\t\tQuiet, only display output at start\n' +
  '\t\t\tand when finished\n' +
  '\t-p HEXBYTE\tPattern to use for payload\n';

/** ms → integer µs, as both tools measure. */
const us = (ms: number): number => Math.round(ms * 1000);
/** `%u.%03u` of a µs count */
const msText = (u: number): string => `${Math.floor(u / 1000)}.${String(u % 1000).padStart(3, '0')}`;

/** The ICMP type names busybox prints in its warning for a non-echo reply. */
function numberOpt(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

export function busyboxPing(argv: readonly string[], host: NetHost, build: BusyboxBuild, run: PingRun = {}): NetToolResult {
  const parsed = getopt(argv, { flags: '46Aq', withArg: 'csitIWwp' });
  if ('error' in parsed || parsed.operands.length !== 1) return usage(build, BB_USAGE);
  let count = 0;
  let size = 56;
  let quiet = false;
  let waitS = 10;
  let deadlineS = 0;
  let intervalMs = 1000;
  for (const o of parsed.opts) {
    const n = numberOpt(o.value);
    if ('csWw'.includes(o.key) && n === undefined) return die('ping', `invalid number '${o.value}'`);
    if (o.key === 'c') count = n!;
    else if (o.key === 's') size = n!;
    else if (o.key === 'W') waitS = n!;
    else if (o.key === 'w') deadlineS = n!;
    else if (o.key === 'q') quiet = true;
    else if (o.key === 'i') intervalMs = Math.round(Number(o.value) * 1000) || 1000;
  }
  const name = parsed.operands[0]!;
  let t = 0;
  let ip = name;
  if (!isDottedQuad(name)) {
    const r = host.resolve(name, 'A');
    t += r.elapsedMs;
    if (!r.addresses[0]) return die('ping', `bad address '${name}'`, '', '', t);
    ip = r.addresses[0];
  }
  let stdout = `PING ${name} (${ip}): ${size} data bytes\n`;
  let stderr = '';
  const end = deadlineS ? deadlineS * 1000 : count ? Infinity : run.interruptAtMs ?? 10_000;
  const rtts: number[] = [];
  let sent = 0;
  let lastAnswerAt = t;
  for (let seq = 0; (!count || seq < count) && seq * intervalMs < end; seq++) {
    const at = t + seq * intervalMs;
    sent++;
    const r = host.ping(ip, seq, { atMs: at, size, timeoutMs: waitS * 1000 });
    if (r.kind === 'reply') {
      const u = us(r.rttMs);
      rtts.push(u);
      lastAnswerAt = at + r.rttMs;
      if (!quiet) stdout += `${r.bytes} bytes from ${r.from}: seq=${seq} ttl=${r.ttl} time=${msText(u)} ms\n`;
    }
    // An ICMP error about the echo is shorter than busybox's expected reply and carries no echo id of
    // its own: busybox discards it unseen, so the echo simply counts as lost.
  }
  // After the last request it waits for the outstanding answer: -W, or twice the slowest round trip.
  const lastSent = t + (sent - 1) * intervalMs;
  const waited = rtts.length === sent ? lastAnswerAt : lastSent + (rtts.length ? Math.max(2 * Math.max(...rtts) / 1000, 1000) : waitS * 1000);
  const duration = Math.min(waited, deadlineS ? t + deadlineS * 1000 : Infinity, count ? Infinity : t + end);
  const lost = sent ? Math.floor(((sent - rtts.length) * 100) / sent) : 0;
  stdout += `\n--- ${name} ping statistics ---\n${sent} packets transmitted, ${rtts.length} packets received, ${lost}% packet loss\n`;
  if (rtts.length) {
    const sum = rtts.reduce((a, b) => a + b, 0);
    stdout += `round-trip min/avg/max = ${msText(Math.min(...rtts))}/${msText(Math.floor(sum / rtts.length))}/${msText(Math.max(...rtts))} ms\n`;
  }
  return { stdout, stderr, exitCode: rtts.length ? 0 : 1, durationMs: Math.round(duration) };
}

/** iputils' reply time: three decimals under 1 ms, two under 10, one under 100, none above. */
function iputilsTime(u: number): string {
  if (u >= 100000 - 50) return `${Math.floor((u + 500) / 1000)}`;
  if (u >= 10000 - 5) return `${Math.floor((u + 50) / 1000)}.${Math.floor(((u + 50) % 1000) / 100)}`;
  if (u >= 1000) return `${Math.floor((u + 5) / 1000)}.${String(Math.floor(((u + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `0.${String(u).padStart(3, '0')}`;
}

/** printf's %g for a loss percentage. */
function g(x: number): string {
  return String(Number(x.toPrecision(6)));
}

const GAI_TEXT: Record<string, string> = {
  EAI_NONAME: 'Name or service not known',
  EAI_NODATA: 'No address associated with hostname',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EAI_FAIL: 'Non-recoverable failure in name resolution',
};

export function iputilsPing(argv: readonly string[], host: NetHost, run: PingRun = {}): NetToolResult {
  const parsed = getopt(argv, { flags: '46aAbBdDfhLnOqrRUvV', withArg: 'cefFiIlmMNpQsStTwW' });
  if ('error' in parsed) {
    const o = parsed.option;
    return { stdout: '', stderr: parsed.error === 'missing' ? `ping: option requires an argument -- '${o}'\n` : `ping: invalid option -- '${o.replace(/^-+/, '')}'\n`, exitCode: 2, durationMs: 0 };
  }
  let count = 0;
  let size = 56;
  let quiet = false;
  let numeric = false;
  let waitS = 10;
  let deadlineS = 0;
  let intervalMs = 1000;
  for (const o of parsed.opts) {
    if ('csWwi'.includes(o.key)) {
      const n = Number(o.value);
      if (!(o.value !== '' && Number.isFinite(n) && n >= 0)) return { stdout: '', stderr: `ping: invalid argument: '${o.value}'\n`, exitCode: 1, durationMs: 0 };
      if (o.key === 'c') count = n;
      else if (o.key === 's') size = n;
      else if (o.key === 'W') waitS = n;
      else if (o.key === 'w') deadlineS = n;
      else intervalMs = Math.round(n * 1000);
    } else if (o.key === 'q') quiet = true;
    else if (o.key === 'n') numeric = true;
  }
  const target = parsed.operands[parsed.operands.length - 1];
  if (target === undefined) return { stdout: '', stderr: 'ping: usage error: Destination address required\n', exitCode: 2, durationMs: 0 };
  let t = 0;
  let ip = target;
  let canon = target;
  const literal = isDottedQuad(target);
  if (!literal) {
    const r = host.resolve(target, 'both');
    t += r.elapsedMs;
    const v4 = r.addresses.find(isDottedQuad);
    if (!v4) return { stdout: '', stderr: `ping: ${target}: ${GAI_TEXT[r.error ?? 'EAI_NONAME']}\n`, exitCode: 2, durationMs: t };
    ip = v4;
    canon = r.name ?? target;
  }
  // A name target shows each reply's sender by its PTR name; an address target stays numeric.
  const fromText = (from: string): string => {
    if (literal || numeric) return from;
    return `${host.reverse?.(from) ?? from} (${from})`;
  };
  let stdout = `PING ${canon} (${ip}) ${size}(${size + 28}) bytes of data.\n`;
  const end = deadlineS ? deadlineS * 1000 : count ? Infinity : run.interruptAtMs ?? 10_000;
  const rtts: number[] = [];
  let sent = 0;
  let errors = 0;
  let lastAt = t;
  for (let seq = 1; (!count || seq <= count) && (seq - 1) * intervalMs < end; seq++) {
    const at = t + (seq - 1) * intervalMs;
    sent++;
    lastAt = at;
    const r = host.ping(ip, seq, { atMs: at, size, timeoutMs: waitS * 1000 });
    if (r.kind === 'reply') {
      const u = us(r.rttMs);
      rtts.push(u);
      if (!quiet) stdout += `${r.bytes} bytes from ${fromText(r.from)}: icmp_seq=${seq} ttl=${r.ttl} time=${iputilsTime(u)} ms\n`;
    } else if (r.kind === 'error') {
      errors++;
      if (!quiet) stdout += `From ${fromText(r.from)} icmp_seq=${seq} ${r.message}\n`;
    }
  }
  const elapsed = Math.round(lastAt - t + (sent > 1 ? sent - 1 : 0));
  const lossPct = sent ? ((sent - rtts.length) * 100) / sent : 0;
  stdout += `\n--- ${canon} ping statistics ---\n${sent} packets transmitted, ${rtts.length} received${errors ? `, +${errors} errors` : ''}, ${g(lossPct)}% packet loss, time ${elapsed}ms\n`;
  if (rtts.length) {
    const n = rtts.length;
    const sum = rtts.reduce((a, b) => a + b, 0);
    const avg = Math.floor(sum / n);
    const sum2 = Math.floor(rtts.reduce((a, b) => a + b * b, 0) / n);
    const mdev = Math.floor(Math.sqrt(Math.max(0, sum2 - avg * avg)));
    stdout += `rtt min/avg/max/mdev = ${msText(Math.min(...rtts))}/${msText(avg)}/${msText(Math.max(...rtts))}/${msText(mdev)} ms\n`;
  } else stdout += '\n';
  const waitTail = rtts.length === sent ? us(0) : waitS * 1000;
  const duration = Math.min(lastAt + (rtts.length === sent ? 0 : waitTail), deadlineS ? t + deadlineS * 1000 : Infinity);
  return { stdout, stderr: '', exitCode: rtts.length ? 0 : 1, durationMs: Math.round(duration) };
}
