/**
 * What the busybox applets share: the banner their usage text starts with, and the C library of the
 * image they are built against — the busybox image is glibc, alpine's busybox is musl — which words
 * strerror() and name lookups differently.
 */
import type { ResolverLibrary } from '../dns/resolver';
import type { ConnectError } from '../traffic/outcome';
import { ERRNO_TEXT, GLIBC_ERRNO_TEXT } from './host';

export interface BusyboxBuild {
  /** `BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.` */
  banner: string;
  libc: ResolverLibrary;
  /** built with TLS (FEATURE_WGET_HTTPS): the busybox image's wget lists --no-check-certificate, alpine's does not */
  https: boolean;
}

/** docker.io/library/busybox:1.36.1 (the glibc variant the default tags point to). */
export const BUSYBOX_IMAGE_BUILD: BusyboxBuild = { banner: 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.', libc: 'glibc', https: true };

/** alpine 3.20's busybox package. */
export const ALPINE_BUILD: BusyboxBuild = { banner: 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.', libc: 'musl', https: false };

export function strerror(build: { libc: ResolverLibrary }, e: ConnectError): string {
  return (build.libc === 'glibc' ? GLIBC_ERRNO_TEXT : ERRNO_TEXT)[e];
}

/** bb_show_usage: the banner, a blank line, then the applet's usage text. */
export function usage(build: BusyboxBuild, text: string): { stdout: string; stderr: string; exitCode: number; durationMs: number } {
  return { stdout: '', stderr: `${build.banner}\n\n${text}`, exitCode: 1, durationMs: 0 };
}

/** bb_error_msg_and_die: `applet: message`, exit status 1. */
export function die(applet: string, msg: string, stderr = '', stdout = '', durationMs = 0): { stdout: string; stderr: string; exitCode: number; durationMs: number } {
  return { stdout, stderr: `${stderr}${applet}: ${msg}\n`, exitCode: 1, durationMs };
}
