import type { Message, Params } from './types';

/** Fills a message's `{name}` placeholders; a plural pair is chosen by `params.count`. */
export function formatMessage(msg: Message, params?: Params): string {
  const text = typeof msg === 'string' ? msg : params?.count === 1 ? msg.one : msg.other;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
