/**
 * The answers nginx writes itself: its built-in error pages (ngx_http_special_response.c: the status
 * title in <title> and <h1>, then the tail `<hr><center>nginx</center>` — ingress-nginx runs with
 * server_tokens off, so no version — every line ending in CRLF) and their headers. ingress-nginx also
 * clears the Server header (more_clear_headers Server), so none is sent.
 */
import type { HttpResponse } from '../../network/traffic/socket';
import { httpDate } from '../../node/httpapps';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  308: 'Permanent Redirect',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** The body of nginx's page for `status` (400 is the one for a plain request on the HTTPS port). */
export function nginxErrorBody(status: number): string {
  if (status === 400) {
    const why = 'The plain HTTP request was sent to HTTPS port';
    return `<html>\r\n<head><title>400 ${why}</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>${why}</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  }
  const t = `${status} ${TITLES[status] ?? ''}`;
  return `<html>\r\n<head><title>${t}</title></head>\r\n<body>\r\n<center><h1>${t}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** The whole response: the page, Date, Content-Type, Content-Length, Connection (and Location). */
export function nginxErrorResponse(status: number, wallMs: number, location?: string): HttpResponse {
  const body = nginxErrorBody(status);
  return {
    status,
    reason: TITLES[status] ?? '',
    headers: [
      ['Date', httpDate(wallMs)],
      ['Content-Type', 'text/html'],
      ['Content-Length', String(new TextEncoder().encode(body).length)],
      ['Connection', 'keep-alive'],
      ...(location ? [['Location', location] as const] : []),
    ],
    body,
  };
}

/**
 * An upstream's answer as nginx relays it: its own Date and Connection in place of the upstream's
 * (proxy_pass hides the upstream's Date and Server; Connection is nginx's to the client), in the order
 * nginx's header filter writes its known headers, then the rest as the upstream sent them.
 */
export function relayed(res: HttpResponse, wallMs: number, https: boolean): HttpResponse {
  const hidden = new Set(['date', 'server', 'connection', 'keep-alive', 'transfer-encoding']);
  const kept = res.headers.filter(([k]) => !hidden.has(k.toLowerCase()));
  const type = kept.filter(([k]) => k.toLowerCase() === 'content-type');
  const len = kept.filter(([k]) => k.toLowerCase() === 'content-length');
  const modified = kept.filter(([k]) => k.toLowerCase() === 'last-modified');
  const rest = kept.filter(([k]) => !['content-type', 'content-length', 'last-modified'].includes(k.toLowerCase()));
  return {
    ...res,
    headers: [
      ['Date', httpDate(wallMs)],
      ...type,
      ...len,
      ...modified,
      ['Connection', 'keep-alive'],
      ...rest,
      // ingress-nginx's hsts (on by default) adds this on every HTTPS answer.
      ...(https ? [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as const] : []),
    ],
  };
}
