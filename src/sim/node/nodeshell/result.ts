/** What one node-shell command leaves: its output streams and exit status. */
export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function ok(stdout: string): ShellResult {
  return { stdout, stderr: '', exitCode: 0 };
}

export function fail(stderr: string, exitCode: number): ShellResult {
  return { stdout: '', stderr, exitCode };
}
