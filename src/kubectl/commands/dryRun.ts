/** The one --dry-run mode the sim's API server cannot honour yet. */
import { plainError } from '../errors';

/** --dry-run=server needs the API server to run admission and validation without storing; it cannot yet, so the command refuses rather than write. */
export function refuseServerDryRun(mode: 'none' | 'client' | 'server'): void {
  if (mode === 'server') throw plainError('--dry-run=server is not supported by this cluster; use --dry-run=client');
}
