/**
 * `kubectl logs -f`: the log is streamed until the container ends. Here the stream is the same read
 * made again as time passes (through the API server's continuation of the first request, so the
 * request log shows one), printing only what was added since the last read.
 */
import { FollowStream } from './follow';
import { CommandIO } from './commands/context';

/** What `next` adds to `prev`; when the log was cut at the top (rotated), resync on prev's last line. */
export function appended(prev: string, next: string): string {
  if (next.startsWith(prev)) return next.slice(prev.length);
  const lines = prev.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const last = lines[lines.length - 1];
  if (last === undefined) return next;
  const at = next.lastIndexOf(`${last}\n`);
  if (at >= 0 && (at === 0 || next[at - 1] === '\n')) return next.slice(at + last.length + 1);
  return next;
}

/**
 * Follows a log printed once as `first` by `read` (the logs command run into a fresh CommandIO). The
 * stream ends (exit 0) when a read fails: the pod or its container is gone.
 */
export function followLogs(io: CommandIO, first: string, read: (io: CommandIO) => void): FollowStream {
  let last = first;
  const stream: FollowStream = new FollowStream(() => {
    const again = new CommandIO(io.ctx);
    const streamed = io.ctx.streamed ?? (<T>(fn: () => T): T => fn());
    const r = streamed(() => {
      try {
        read(again);
        return again.result();
      } catch {
        return { stdout: '', stderr: '', exitCode: 1 };
      }
    });
    if (r.exitCode !== 0) {
      stream.end(0);
      return;
    }
    const add = appended(last, r.stdout);
    last = r.stdout;
    if (add) stream.write(add);
  });
  return stream;
}
