/**
 * curl as the images ship it — curlimages/curl and netshoot (8.11), Ubuntu 24.04 nodes (8.5.0), and
 * nginx's Debian bookworm image (7.88.1) — for plain HTTP: where the body, headers, progress meter,
 * verbose trace and errors go, and the exit codes.
 *
 * - The progress meter goes to stderr unless -s, or unless the body goes to a terminal; under
 *   `kubectl exec` without -t nothing is a terminal, so it shows. Its first update (all zeros)
 *   comes before the connection, its last when the transfer is done, each starting with `\r`; an
 *   error or the verbose trace that follows the first update continues on the same line.
 * - Errors: `curl: (N) message` on stderr (hidden by -s unless -S too).
 *   (6) Could not resolve host: NAME
 *   (7) Failed to connect to HOST port P after N ms: Couldn't connect to server   (8.x)
 *       … after N ms: Connection refused                                          (7.88: strerror)
 *   (28) Failed to connect to HOST port P after N ms: Timeout was reached         (--connect-timeout,
 *        or the kernel giving up)
 *   (28) Connection timed out after N milliseconds                               (-m during connect)
 *   (22) The requested URL returned error: 404                                   (-f)
 */
import type { NetHost, NetToolResult } from './host';
import { KERNEL_CONNECT_TIMEOUT_MS, isDottedQuad } from './host';
import type { HttpResponse, ServedCertificate } from '../traffic/socket';
import { getopt } from './getopt';

export interface CurlBuild {
  version: string;
}

export const CURLIMAGES_CURL: CurlBuild = { version: '8.11.1' };
export const NETSHOOT_CURL: CurlBuild = { version: '8.11.1' };
export const UBUNTU_2404_CURL: CurlBuild = { version: '8.5.0' };
export const DEBIAN_BOOKWORM_CURL: CurlBuild = { version: '7.88.1' };

export interface CurlRun {
  /** whether stdout is a terminal (kubectl exec -t): curl then hides the meter when the body goes there */
  stdoutIsTty?: boolean;
}

const major = (b: CurlBuild): number => Number(b.version.split('.')[0]);
const minor = (b: CurlBuild): number => Number(b.version.split('.')[1]);
const atLeast = (b: CurlBuild, maj: number, min: number): boolean => major(b) > maj || (major(b) === maj && minor(b) >= min);

const LONG: Record<string, { key: string; arg: boolean }> = {
  silent: { key: 's', arg: false },
  'show-error': { key: 'S', arg: false },
  verbose: { key: 'v', arg: false },
  head: { key: 'I', arg: false },
  include: { key: 'i', arg: false },
  output: { key: 'o', arg: true },
  'write-out': { key: 'w', arg: true },
  'connect-timeout': { key: 'connect-timeout', arg: true },
  'max-time': { key: 'm', arg: true },
  fail: { key: 'f', arg: false },
  location: { key: 'L', arg: false },
  header: { key: 'H', arg: true },
  request: { key: 'X', arg: true },
  'user-agent': { key: 'A', arg: true },
  'remote-name': { key: 'O', arg: false },
  'no-progress-meter': { key: 'no-progress-meter', arg: false },
  help: { key: 'h', arg: false },
  insecure: { key: 'k', arg: false },
  resolve: { key: 'resolve', arg: true },
  version: { key: 'V', arg: false },
};

const METER_HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** curl's five-column size: bytes, then k, then M with one decimal. */
function max5(n: number): string {
  if (n < 100000) return String(n).padStart(5);
  if (n < 10000 * 1024) return `${String(Math.floor(n / 1024)).padStart(4)}k`;
  if (n < 100 * 1024 * 1024) return `${String(Math.floor(n / 1048576)).padStart(2)}.${Math.floor((n % 1048576) / 104857.6)}M`;
  return `${String(Math.floor(n / 1048576)).padStart(4)}M`;
}

/** One progress line (without its leading \r): total and received percentages, sizes and speeds. */
export function meterLine(total: number, received: number, elapsedMs: number): string {
  const pct = (a: number, b: number) => String(b > 0 ? Math.floor((a * 100) / b) : 0).padStart(3);
  const speed = elapsedMs > 0 ? Math.floor(received / (elapsedMs / 1000)) : 0;
  const time = '--:--:--';
  return `${pct(received, total)} ${max5(total)}  ${pct(received, total)} ${max5(received)}  ${pct(0, 0)} ${max5(0)}  ${max5(speed)}  ${max5(0)} ${time} ${time} ${time} ${max5(speed)}`;
}

interface Url {
  https: boolean;
  host: string;
  port: number;
  path: string;
  text: string;
}

function parseUrl(u: string): Url | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/?#:]*)(?::(\d*))?([^#]*)/.exec(u);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  const path = m[4] ? (m[4].startsWith('/') ? m[4] : `/${m[4]}`) : '/';
  return { https: scheme === 'https', host: m[2]!, port, path, text: `${scheme}://${m[2]}${m[3] ? `:${m[3]}` : ''}${path}` };
}

const headerBlock = (r: HttpResponse): string => `HTTP/1.1 ${r.status} ${r.reason}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

export function curl(argv: readonly string[], host: NetHost, build: CurlBuild, run: CurlRun = {}): NetToolResult {
  const parsed = getopt(argv, { flags: 'sSvIifLOhVk', withArg: 'owmHXA', long: LONG });
  if ('error' in parsed) {
    const opt = parsed.option.startsWith('-') ? parsed.option : `-${parsed.option}`;
    const msg = parsed.error === 'missing' ? `curl: option ${opt}: requires parameter\n` : `curl: option ${opt}: is unknown\n`;
    return { stdout: '', stderr: `${msg}curl: try 'curl --help' or 'curl --manual' for more information\n`, exitCode: 2, durationMs: 0 };
  }
  let silent = false;
  let showError = false;
  let verbose = false;
  let head = false;
  let include = false;
  let fail = false;
  let follow = false;
  let noMeter = false;
  let insecure = false;
  /** --resolve HOST:PORT:ADDR: the address to use for that name and port, with no lookup */
  const pinned = new Map<string, string>();
  let output: string | undefined;
  let writeOut: string | undefined;
  let connectTimeoutMs: number | undefined;
  let maxTimeMs: number | undefined;
  let method: string | undefined;
  let agent = `curl/${build.version}`;
  const extra: [string, string][] = [];
  for (const o of parsed.opts) {
    switch (o.key) {
      case 's': silent = true; break;
      case 'S': showError = true; break;
      case 'v': verbose = true; break;
      case 'I': head = true; break;
      case 'i': include = true; break;
      case 'f': fail = true; break;
      case 'L': follow = true; break;
      case 'o': output = o.value; break;
      case 'w': writeOut = o.value; break;
      case 'X': method = o.value; break;
      case 'A': agent = o.value!; break;
      case 'no-progress-meter': noMeter = true; break;
      case 'k': insecure = true; break;
      case 'resolve': {
        const m = /^([^:]+):(\d+):(.+)$/.exec(o.value ?? '');
        if (m) pinned.set(`${m[1]!.toLowerCase()}:${m[2]}`, m[3]!);
        break;
      }
      case 'H': {
        const c = o.value!.indexOf(':');
        if (c > 0) extra.push([o.value!.slice(0, c), o.value!.slice(c + 1).trim()]);
        break;
      }
      case 'connect-timeout':
      case 'm': {
        const n = Number(o.value);
        if (!(o.value !== '' && Number.isFinite(n) && n >= 0)) return { stdout: '', stderr: `curl: option ${o.key === 'm' ? '-m' : '--connect-timeout'}: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, exitCode: 2, durationMs: 0 };
        if (o.key === 'm') maxTimeMs = n * 1000;
        else connectTimeoutMs = n * 1000;
        break;
      }
      case 'V':
        return { stdout: `curl ${build.version} (x86_64-pc-linux-gnu) libcurl/${build.version}\n`, stderr: '', exitCode: 0, durationMs: 0 };
    }
  }
  if (parsed.operands.length === 0) return { stdout: '', stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2, durationMs: 0 };

  let stdout = '';
  let stderr = '';
  let t = 0;
  let exitCode = 0;
  const writes: { path: string; content: string }[] = [];
  const meterOn = !silent && !noMeter && (output !== undefined || !run.stdoutIsTty);
  const showErr = !silent || showError;
  let meterStarted = false;
  const startMeter = () => {
    if (meterOn && !meterStarted) {
      stderr += `${METER_HEAD}\r${meterLine(0, 0, 0)}`;
      meterStarted = true;
    }
  };
  const error = (code: number, msg: string) => {
    if (showErr) stderr += `curl: (${code}) ${msg}\n`;
    exitCode = code;
  };
  const vlog = (line: string) => {
    if (verbose) stderr += `${line}\n`;
  };

  for (const arg of parsed.operands) {
    const first = parseUrl(arg);
    if (!first) {
      error(arg.includes('://') ? 1 : 3, arg.includes('://') ? `Protocol "${arg.slice(0, arg.indexOf('://'))}" not supported` : 'URL rejected: Malformed input to a URL function');
      continue;
    }
    let url: Url = first;
    const codeBefore = exitCode;
    exitCode = 0;
    for (let hops = 0; ; hops++) {
      startMeter();
      const started = t;
      let ip = url.host;
      const pin = pinned.get(`${url.host.toLowerCase()}:${url.port}`);
      if (pin !== undefined) {
        vlog(`* Added ${url.host}:${url.port}:${pin} to DNS cache`);
        vlog(`* Hostname ${url.host} was found in DNS cache`);
        ip = pin;
      } else if (!isDottedQuad(ip)) {
        const r = host.resolve(url.host, 'both');
        t += r.elapsedMs;
        const v4 = r.addresses.find(isDottedQuad);
        if (!v4) {
          error(6, `Could not resolve host: ${url.host}`);
          break;
        }
        ip = v4;
        if (atLeast(build, 8, 6)) {
          vlog(`* Host ${url.host}:${url.port} was resolved.`);
          vlog(`* IPv6: ${r.addresses.filter((a) => !isDottedQuad(a)).join(', ') || '(none)'}`);
          vlog(`* IPv4: ${r.addresses.filter(isDottedQuad).join(', ')}`);
        }
      }
      vlog(`*   Trying ${ip}:${url.port}...`);
      const kernelMs = KERNEL_CONNECT_TIMEOUT_MS;
      const limit = Math.min(connectTimeoutMs ?? 300_000, maxTimeMs ?? Infinity, kernelMs);
      // A Host given with -H takes the place of the one curl makes from the URL.
      const givenHost = extra.find(([k]) => k.toLowerCase() === 'host')?.[1];
      const others = extra.filter(([k]) => k.toLowerCase() !== 'host');
      const hostHeader = givenHost ?? (url.port === (url.https ? 443 : 80) ? url.host : `${url.host}:${url.port}`);
      // curl sends a server name (SNI) only for a name, not for an address.
      const tls = url.https ? { sni: isDottedQuad(url.host) ? '' : url.host, insecure } : undefined;
      const res = host.http(ip, url.port, { method: method ?? (head ? 'HEAD' : 'GET'), path: url.path, host: hostHeader, headers: [['Host', hostHeader], ['User-Agent', agent], ['Accept', '*/*'], ...others] }, { atMs: t, timeoutMs: limit, ...(tls ? { tls } : {}) });
      if (res.kind === 'tls-failed') {
        t += res.afterMs;
        vlog(`* Connected to ${url.host} (${ip}) port ${url.port}${major(build) >= 8 ? '' : ' (#0)'}`);
        if (res.why === 'not-tls') {
          error(35, `${major(build) >= 8 ? `OpenSSL/${OPENSSL[build.version] ?? '3.0.13'}: ` : ''}error:0A00010B:SSL routines::wrong version number`);
          break;
        }
        if (verbose && res.certificate) stderr += certificateLines(res.certificate, false);
        error(60, 'SSL certificate problem: self-signed certificate');
        if (showErr) stderr += SSL_HELP;
        break;
      }
      if (res.kind !== 'response') {
        const after = res.error === 'ETIMEDOUT' ? limit : res.afterMs;
        t += after;
        const ms = Math.round(t - started);
        if (res.error === 'ETIMEDOUT' && maxTimeMs !== undefined && limit === maxTimeMs) error(28, `Connection timed out after ${ms} milliseconds`);
        else if (res.error === 'ETIMEDOUT') error(28, `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: Timeout was reached`);
        else {
          const why = major(build) >= 8 ? "Couldn't connect to server" : { ECONNREFUSED: 'Connection refused', EHOSTUNREACH: 'No route to host', ENETUNREACH: 'Network is unreachable' }[res.error];
          vlog(`* connect to ${ip} port ${url.port} failed: ${{ ECONNREFUSED: 'Connection refused', EHOSTUNREACH: 'No route to host', ENETUNREACH: 'Network is unreachable' }[res.error]}`);
          error(7, `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: ${why}`);
        }
        break;
      }
      t += res.totalMs;
      const resp = res.response;
      vlog(`* Connected to ${url.host} (${ip}) port ${url.port}${major(build) >= 8 ? '' : ' (#0)'}`);
      if (verbose && res.certificate) stderr += certificateLines(res.certificate, true);
      if (verbose) {
        stderr += `> ${method ?? (head ? 'HEAD' : 'GET')} ${url.path} HTTP/1.1\r\n> Host: ${hostHeader}\r\n> User-Agent: ${agent}\r\n> Accept: */*\r\n${others.map(([k, v]) => `> ${k}: ${v}\r\n`).join('')}> \r\n`;
        if (atLeast(build, 8, 3)) vlog('* Request completely sent off');
        stderr += `< HTTP/1.1 ${resp.status} ${resp.reason}\r\n${resp.headers.map(([k, v]) => `< ${k}: ${v}\r\n`).join('')}< \r\n`;
      }
      const location = resp.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
      if (follow && location && resp.status >= 300 && resp.status < 400 && hops < 50) {
        vlog(`* Connection #0 to host ${url.host} left intact`);
        const next = location.includes('://') ? parseUrl(location) : parseUrl(`http://${hostHeader}${location.startsWith('/') ? '' : '/'}${location}`);
        if (next) {
          if (verbose) stderr += `* Issue another request to this URL: '${next.text}'\n`;
          url = next;
          continue;
        }
      }
      if (fail && resp.status >= 400) {
        vlog(`* The requested URL returned error: ${resp.status}`);
        error(22, `The requested URL returned error: ${resp.status}`);
        break;
      }
      const body = head ? '' : resp.body;
      const bytes = new TextEncoder().encode(body).length;
      const lenHeader = resp.headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1];
      const total = lenHeader !== undefined ? Number(lenHeader) : bytes;
      let shown = '';
      if (head || include) shown += headerBlock(resp);
      shown += body;
      if (verbose && meterOn && bytes > 0) stderr += `{ [${bytes} bytes data]\n`;
      if (meterOn) stderr += `\r${meterLine(head ? 0 : total, head ? 0 : bytes, Math.max(1, t - started))}\n`;
      vlog(`* Connection #0 to host ${url.host} left intact`);
      if (output === '/dev/null') {
        // discarded
      } else if (output !== undefined && output !== '-') writes.push({ path: output, content: shown });
      else stdout += shown;
      if (writeOut !== undefined) stdout += writeOutText(writeOut, { code: resp.status, ip, port: url.port, url: url.text, size: bytes, totalMs: t - started, localIP: res.connect.localIP, localPort: res.connect.localPort });
      break;
    }
    // A transfer that never got a response still writes its -w, with code 000.
    if (exitCode && exitCode !== 22 && writeOut !== undefined) stdout += writeOutText(writeOut, { code: 0, ip: '', port: 0, url: url.text, size: 0, totalMs: 0, localIP: '', localPort: 0 });
    exitCode ||= codeBefore;
  }
  return { stdout, stderr, exitCode, durationMs: Math.round(t), ...(writes.length ? { writes } : {}) };
}

/** The OpenSSL each build links (curlimages and netshoot: Alpine's; Ubuntu 24.04's; Debian bookworm's). */
const OPENSSL: Record<string, string> = { '8.11.1': '3.3.2', '8.5.0': '3.0.13', '7.88.1': '3.0.15' };

const SSL_HELP = `More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the web page mentioned above.
`;

/**
 * What -v shows of the handshake: the negotiated session and the server's certificate, and the verify
 * result (`continuing anyway` under -k). HTTP/2 over ALPN is not modelled: the exchange stays HTTP/1.1.
 */
function certificateLines(c: ServedCertificate, accepted: boolean): string {
  const lines = ['* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS', '* ALPN: server accepted http/1.1', '* Server certificate:', `*  subject: ${c.subject}`, `*  issuer: ${c.issuer}`];
  if (accepted) lines.push('*  SSL certificate verify result: self-signed certificate (18), continuing anyway.');
  return lines.map((l) => `${l}\n`).join('');
}

interface WriteOutFacts {
  code: number;
  ip: string;
  port: number;
  url: string;
  size: number;
  totalMs: number;
  localIP: string;
  localPort: number;
}

/** -w: the variables learners use, and the \n \t \r escapes. */
function writeOutText(fmt: string, f: WriteOutFacts): string {
  const secs = (f.totalMs / 1000).toFixed(6);
  const vars: Record<string, string> = {
    http_code: String(f.code).padStart(3, '0'),
    response_code: String(f.code).padStart(3, '0'),
    remote_ip: f.ip,
    remote_port: f.port ? String(f.port) : '0',
    local_ip: f.localIP,
    local_port: String(f.localPort),
    url_effective: f.url,
    size_download: String(f.size),
    time_total: secs,
    time_connect: secs,
  };
  return fmt.replace(/%\{([a-z_]+)\}|\\([ntr\\])/g, (m, v: string | undefined, esc: string | undefined) => {
    if (esc) return { n: '\n', t: '\t', r: '\r', '\\': '\\' }[esc]!;
    return vars[v!] ?? m;
  });
}
