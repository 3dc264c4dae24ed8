/**
 * What each well-known image's server answers over HTTP — the `App` the packet path delivers a
 * request to — so a learner's curl or wget shows which pod answered, with the headers the real
 * server sends:
 *
 * - nginx 1.27.1: the welcome page for `/` and `/index.html` (ETag and Last-Modified from the
 *   file's time in the image), nginx's own 404 page otherwise;
 * - httpd 2.4.62: "It works!" for `/` and `/index.html`, Apache's 404 page otherwise;
 * - gcr.io/google-samples/hello-app: `Hello, world!`, its version and the pod's hostname, for any path;
 * - hashicorp/http-echo: the `-text` argument, on any path.
 * The two Go servers write headers in net/http's order: the handler's own (sorted), then Date,
 * Content-Length, Content-Type and Connection.
 */
import type { App, HttpRequest, HttpResponse } from '../network/traffic/socket';
import { NGINX_INDEX } from './podenv';
import { parseImageRef } from './images';

export interface HttpFacts {
  /** the pod's hostname */
  hostname: string;
  podIP: string;
  /** wall-clock ms now, for the Date header */
  nowWallMs: () => number;
  /** the container's args (http-echo's `-text=…`) */
  args?: readonly string[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 9110's IMF-fixdate: `Mon, 02 Sep 2024 10:00:01 GMT`. */
export function httpDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

const byteLength = (s: string) => new TextEncoder().encode(s).length;
const wantsClose = (req: HttpRequest) => req.headers.some(([k, v]) => k.toLowerCase() === 'connection' && v.toLowerCase() === 'close');
const pathOnly = (p: string) => p.replace(/[?#].*$/, '');
const headOnly = (req: HttpRequest, r: HttpResponse): HttpResponse => (req.method === 'HEAD' ? { ...r, body: '' } : r);

/** The nginx package's build time, which is index.html's mtime in the 1.27.1 image: 2024-08-12 14:21:01 UTC. */
const NGINX_INDEX_MTIME_S = 1723472461;
const NGINX_VERSION = '1.27.1';

function nginxErrorPage(code: number, reason: string): string {
  return `<html>\r\n<head><title>${code} ${reason}</title></head>\r\n<body>\r\n<center><h1>${code} ${reason}</h1></center>\r\n<hr><center>nginx/${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`;
}

function nginx(facts: HttpFacts): App {
  return {
    kind: 'http',
    serve(req) {
      const conn: [string, string] = ['Connection', wantsClose(req) ? 'close' : 'keep-alive'];
      const date: [string, string] = ['Date', httpDate(facts.nowWallMs())];
      const path = pathOnly(req.path);
      if (path === '/' || path === '/index.html') {
        const len = byteLength(NGINX_INDEX);
        return headOnly(req, {
          status: 200,
          reason: 'OK',
          headers: [['Server', `nginx/${NGINX_VERSION}`], date, ['Content-Type', 'text/html'], ['Content-Length', String(len)], ['Last-Modified', httpDate(NGINX_INDEX_MTIME_S * 1000)], conn, ['ETag', `"${NGINX_INDEX_MTIME_S.toString(16)}-${len.toString(16)}"`], ['Accept-Ranges', 'bytes']],
          body: NGINX_INDEX,
        });
      }
      const body = nginxErrorPage(404, 'Not Found');
      return headOnly(req, { status: 404, reason: 'Not Found', headers: [['Server', `nginx/${NGINX_VERSION}`], date, ['Content-Type', 'text/html'], ['Content-Length', String(byteLength(body))], conn], body });
    },
  };
}

const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';

function httpd(facts: HttpFacts): App {
  return {
    kind: 'http',
    serve(req) {
      const date: [string, string] = ['Date', httpDate(facts.nowWallMs())];
      const server: [string, string] = ['Server', 'Apache/2.4.62 (Unix)'];
      const close: [string, string][] = wantsClose(req) ? [['Connection', 'close']] : [];
      const path = pathOnly(req.path);
      if (path === '/' || path === '/index.html') {
        // htdocs/index.html as the httpd tarball ships it (2007-06-11 18:53:14 UTC, 45 bytes).
        return headOnly(req, { status: 200, reason: 'OK', headers: [date, server, ['Last-Modified', 'Mon, 11 Jun 2007 18:53:14 GMT'], ['ETag', '"2d-432a5e4a73a80"'], ['Accept-Ranges', 'bytes'], ['Content-Length', String(byteLength(HTTPD_INDEX))], ...close, ['Content-Type', 'text/html']], body: HTTPD_INDEX });
      }
      const body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n`;
      return headOnly(req, { status: 404, reason: 'Not Found', headers: [date, server, ['Content-Length', String(byteLength(body))], ...close, ['Content-Type', 'text/html; charset=iso-8859-1']], body });
    },
  };
}

/** A Go net/http handler writing `body` as text: its own headers sorted, then Date, Content-Length, Content-Type. */
function goText(facts: HttpFacts, body: (req: HttpRequest) => string, own: [string, string][] = []): App {
  return {
    kind: 'http',
    serve(req) {
      const b = body(req);
      const headers: [string, string][] = [...own].sort((x, y) => (x[0] < y[0] ? -1 : 1));
      headers.push(['Date', httpDate(facts.nowWallMs())], ['Content-Length', String(byteLength(b))], ['Content-Type', 'text/plain; charset=utf-8']);
      if (wantsClose(req)) headers.push(['Connection', 'close']);
      return headOnly(req, { status: 200, reason: 'OK', headers, body: b });
    },
  };
}

function helloApp(facts: HttpFacts, tag: string | undefined): App {
  const version = tag === '2.0' ? '2.0.0' : '1.0.0';
  return goText(facts, () => `Hello, world!\nVersion: ${version}\nHostname: ${facts.hostname}\n`);
}

function httpEcho(facts: HttpFacts): App {
  let text = '';
  const args = facts.args ?? [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--?text(?:=(.*))?$/.exec(a);
    if (m) text = m[1] ?? args[++i] ?? '';
  }
  return goText(facts, () => `${text}\n`, [['X-App-Name', 'http-echo'], ['X-App-Version', '1.0.0']]);
}

/** The HTTP server an image runs, or undefined when its answer is not modelled (a plain TCP accept then). */
export function httpAppFor(image: string, facts: HttpFacts): App | undefined {
  const ref = parseImageRef(image);
  switch (ref.repo) {
    case 'docker.io/library/nginx':
      return nginx(facts);
    case 'docker.io/library/httpd':
      return httpd(facts);
    case 'gcr.io/google-samples/hello-app':
    case 'us-docker.pkg.dev/google-samples/containers/gke/hello-app':
      return helloApp(facts, ref.tag);
    case 'docker.io/hashicorp/http-echo':
      return httpEcho(facts);
  }
  return undefined;
}
