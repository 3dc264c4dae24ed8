/** Share links as bytes: the payload format of `#s1.` links, for building damaged and hostile ones. */
import { deflateSync } from 'fflate';

export function linkFromPayload(payload: unknown): string {
  const bytes = deflateSync(new TextEncoder().encode(JSON.stringify(payload)), { level: 9 });
  return `#s1.${Buffer.from(bytes).toString('base64url')}`;
}

export function linkFromBytes(bytes: Uint8Array): string {
  return `#s1.${Buffer.from(bytes).toString('base64url')}`;
}
