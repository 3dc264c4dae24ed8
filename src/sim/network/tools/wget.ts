/**
 * busybox 1.36's wget (networking/wget.c, libbb/progress.c) in a container: one HTTP/1.1 GET per URL
 * with `Host`, `User-Agent: Wget` and `Connection: close`, messages on stderr —
 *
 *   Connecting to web (10.96.12.3:80)
 *   writing to stdout                       (or: saving to 'index.html')
 *   -                    100% |*******************************|   615  0:00:00 ETA
 *   written to stdout                       (or: 'index.html' saved)
 *
 * The progress line is the non-terminal form (kubectl exec without -t): no carriage return, a
 * newline after it, and a bar as wide as an 80-column default leaves (80 - 49). `-S` echoes the
 * status line and each header line, indented by two spaces, as they are read. `-T SEC` arms one
 * alarm over connect and each read; when it fires wget dies with `download timed out`. Without it,
 * a silent peer is given up on by the kernel's connect() after its SYN retries.
 */
import type { BusyboxBuild } from './busybox';
import { die, strerror, usage } from './busybox';
import type { NetHost, NetToolResult } from './host';
import { KERNEL_CONNECT_TIMEOUT_MS, isDottedQuad } from './host';
import { getopt } from './getopt';

const usageText = (b: BusyboxBuild): string =>
  'Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n' +
  '\t[--post-data STR | --post-file FILE] [-Y on/off]\n' +
  `\t${b.https ? '[--no-check-certificate] ' : ''}[-P DIR] [-U AGENT] [-T SEC] URL...\n` +
  '\nRetrieve files via HTTP or FTP\n\n' +
  '\t--spider\tOnly check URL existence: $? is 0 if exists\n' +
  "\t--header STR\tAdd STR (of form 'header: value') to headers\n" +
  '\t--post-data STR\tSend STR using POST method\n' +
  '\t--post-file FILE\tSend FILE using POST method\n' +
  (b.https ? "\t--no-check-certificate\tDon't validate the server's certificate\n" : '') +
  '\t-c\t\tContinue retrieval of aborted transfer\n' +
  '\t-q\t\tQuiet\n' +
  '\t-P DIR\t\tSave to DIR (default .)\n' +
  '\t-S    \t\tShow server response\n' +
  '\t-T SEC\t\tNetwork read timeout is SEC seconds\n' +
  "\t-O FILE\t\tSave to FILE ('-' for stdout)\n" +
  '\t-o LOGFILE\tLog messages to FILE\n' +
  '\t-U STR\t\tUse STR for User-Agent header\n' +
  '\t-Y on/off\tUse proxy\n';

const LONG = {
  continue: { key: 'c', arg: false },
  quiet: { key: 'q', arg: false },
  'server-response': { key: 'S', arg: false },
  'output-document': { key: 'O', arg: true },
  'output-file': { key: 'o', arg: true },
  'directory-prefix': { key: 'P', arg: true },
  proxy: { key: 'Y', arg: true },
  'user-agent': { key: 'U', arg: true },
  timeout: { key: 'T', arg: true },
  tries: { key: 't', arg: true },
  header: { key: 'header', arg: true },
  'post-data': { key: 'post-data', arg: true },
  'post-file': { key: 'post-file', arg: true },
  spider: { key: 'spider', arg: false },
  'no-check-certificate': { key: 'ncc', arg: false },
  'no-clobber': { key: 'nc', arg: false },
};

interface Target {
  /** host as written, with `:port` if given (what wget prints and sends as Host) */
  hostText: string;
  host: string;
  port: number;
  path: string;
}

function parseUrl(url: string): Target | string {
  let rest = url;
  let port = 80;
  const sep = url.indexOf('://');
  if (sep >= 0) {
    const scheme = url.slice(0, sep);
    rest = url.slice(sep + 3);
    if (scheme === 'https') port = 443;
    else if (scheme === 'ftp') port = 21;
    else if (scheme !== 'http') return `not an http or ftp url: ${url}`;
  }
  const cut = rest.search(/[/?#]/);
  let hostText = cut >= 0 ? rest.slice(0, cut) : rest;
  let path = cut >= 0 ? rest.slice(cut) : '/';
  if (!path.startsWith('/')) path = `/${path}`;
  path = path.replace(/#.*$/, '');
  const at = hostText.lastIndexOf('@');
  if (at >= 0) hostText = hostText.slice(at + 1);
  let host = hostText;
  const colon = hostText.lastIndexOf(':');
  if (colon >= 0) {
    host = hostText.slice(0, colon);
    port = Number(hostText.slice(colon + 1));
  }
  return { hostText, host, port, path };
}

/** The name a download is saved under without -O: the last path component, or index.html. */
function outputName(path: string): string {
  const p = path.replace(/[?#].*$/, '');
  const last = p.slice(p.lastIndexOf('/') + 1);
  return last === '' ? 'index.html' : last;
}

/** bb_progress_update's last call for a download of `bytes`, finished within the second it started. */
export function progressLine(name: string, bytes: number, total: number): string {
  const shown = name.length > 20 ? name.slice(0, 20) : name.padEnd(20);
  let s = shown;
  if (total > 0) {
    const ratio = Math.floor((100 * bytes) / total);
    const bar = 80 - 49;
    const stars = Math.floor((bar * bytes) / total);
    s += `${String(ratio).padStart(4)}% |${'*'.repeat(stars)}${' '.repeat(bar - stars)}|`;
  }
  let size = bytes;
  let scale = 0;
  while (size >= 100000) {
    size = Math.floor(size / 1024);
    scale++;
  }
  s += `${String(size).padStart(6)}${' kMGTPEZY'[scale]}`;
  s += total > 0 && bytes > 0 ? ' 0:00:00 ETA' : ' --:--:-- ETA';
  return `${s}\n`;
}

export function wget(argv: readonly string[], host: NetHost, build: BusyboxBuild): NetToolResult {
  const parsed = getopt(argv, { flags: 'cqSs', withArg: 'OoPYUTt', long: LONG });
  if ('error' in parsed || parsed.operands.length === 0) return usage(build, usageText(build));
  let quiet = false;
  let showResponse = false;
  let spider = false;
  let out: string | undefined;
  let timeoutS = 900;
  let userAgent = 'Wget';
  const extraHeaders: [string, string][] = [];
  for (const o of parsed.opts) {
    if (o.key === 'q') quiet = true;
    else if (o.key === 'S') showResponse = true;
    else if (o.key === 'spider' || o.key === 's') spider = true;
    else if (o.key === 'O') out = o.value;
    else if (o.key === 'U') userAgent = o.value!;
    else if (o.key === 'header') {
      const c = o.value!.indexOf(':');
      if (c > 0) extraHeaders.push([o.value!.slice(0, c), o.value!.slice(c + 1).trim()]);
    } else if (o.key === 'T') {
      if (!/^\d+$/.test(o.value!)) return die('wget', `invalid number '${o.value}'`);
      timeoutS = Number(o.value);
    }
  }

  let stderr = '';
  let stdout = '';
  let t = 0;
  const writes: { path: string; content: string }[] = [];
  const done = (exitCode: number): NetToolResult => ({ stdout, stderr, exitCode, durationMs: t, ...(writes.length ? { writes } : {}) });
  const fail = (msg: string): NetToolResult => {
    stderr += `wget: ${msg}\n`;
    return done(1);
  };

  for (const url of parsed.operands) {
    let target = parseUrl(url);
    for (let redirects = 0; ; redirects++) {
      if (typeof target === 'string') return fail(target);
      if (redirects >= 5) return fail('too many redirections');
      let ip = target.host;
      if (!isDottedQuad(ip)) {
        const r = host.resolve(target.host, 'both');
        t += r.elapsedMs;
        const v4 = r.addresses.find(isDottedQuad);
        if (!v4) return fail(`bad address '${target.hostText}'`);
        ip = v4;
      }
      if (!quiet) stderr += `Connecting to ${target.hostText} (${ip}:${target.port})\n`;
      // The alarm covers connect and the wait for the response; the kernel's own limit comes first when larger.
      const alarmMs = timeoutS > 0 ? timeoutS * 1000 : Infinity;
      const res = host.http(ip, target.port, { method: 'GET', path: target.path, host: target.hostText, headers: [['Host', target.hostText], ['User-Agent', userAgent], ...extraHeaders, ['Connection', 'close']] }, { atMs: t, timeoutMs: Math.min(alarmMs, KERNEL_CONNECT_TIMEOUT_MS) });
      // busybox wget here speaks plain HTTP only, so no TLS handshake can fail.
      if (res.kind === 'tls-failed') return fail(`can't connect to remote host (${ip}): Connection refused`);
      if (res.kind !== 'response') {
        if (res.error === 'ETIMEDOUT') {
          t += Math.min(alarmMs, KERNEL_CONNECT_TIMEOUT_MS);
          if (alarmMs <= KERNEL_CONNECT_TIMEOUT_MS) return fail('download timed out');
        } else t += res.afterMs;
        return fail(`can't connect to remote host (${ip}): ${strerror(build, res.error)}`);
      }
      t += res.totalMs;
      const resp = res.response;
      const statusLine = `HTTP/1.1 ${resp.status} ${resp.reason}`;
      if (showResponse) {
        stderr += `  ${statusLine}\n`;
        for (const [k, v] of resp.headers) stderr += `  ${k}: ${v}\n`;
      }
      const location = resp.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
      if ([301, 302, 303, 307, 308].includes(resp.status) && location) {
        target = location.includes('://') ? parseUrl(location) : { ...target, path: location.startsWith('/') ? location : `/${location}` };
        continue;
      }
      if (!(resp.status >= 200 && resp.status < 300)) return fail(`server returned error: ${statusLine}`);
      if (spider) {
        if (!quiet) stderr += 'remote file exists\n';
        break;
      }
      const toStdout = out === '-';
      const file = out ?? outputName(target.path);
      if (!quiet) stderr += toStdout ? 'writing to stdout\n' : `saving to '${file}'\n`;
      const body = resp.status === 204 ? '' : resp.body;
      const len = new TextEncoder().encode(body).length;
      const declared = resp.headers.some(([k]) => k.toLowerCase() === 'content-length');
      if (!quiet) stderr += progressLine(toStdout ? '-' : file.slice(file.lastIndexOf('/') + 1), len, declared ? len : 0);
      if (toStdout) stdout += body;
      else writes.push({ path: file, content: body });
      if (!quiet) stderr += toStdout ? 'written to stdout\n' : `'${file}' saved\n`;
      break;
    }
  }
  return done(0);
}
