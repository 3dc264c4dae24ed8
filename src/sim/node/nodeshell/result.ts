/** What one node-shell command leaves: its output streams and exit status. */
export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /**
   * A command still running (tcpdump capturing): what it prints when it ends. Whoever ran it ends it
   * when the session's other commands are done; its output then stands where it was started.
   */
  running?: () => ShellResult;
}

export function ok(stdout: string): ShellResult {
  return { stdout, stderr: '', exitCode: 0 };
}

export function fail(stderr: string, exitCode: number): ShellResult {
  return { stdout: '', stderr, exitCode };
}
