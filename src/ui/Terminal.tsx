/**
 * A kubectl terminal: type a command (the leading `kubectl` is optional), Enter runs it in the
 * cluster's worker, ↑/↓ walk the history, `clear` (or Ctrl+L) empties the screen. `kubectl logs -f`
 * is followed here: the worker prints a snapshot, so the page re-reads the logs each time the virtual
 * clock moves and appends only the new lines, until Ctrl+C or Escape. `ssh NODE` opens a root shell on
 * a node, and `kubectl exec -it POD -- sh` a shell in a container (its prompt replaces kubectl's),
 * until `exit`.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { cluster } from '../state/cluster';
import { useClock } from '../state/stores';
import { interpret, logoutText, promptFor } from './nodeShell';
import type { Session } from './nodeShell';
import { useT } from './i18n';
import type { MessageKey } from './i18n';

type Kind = 'cmd' | 'out' | 'err' | 'warn' | 'info';

/** stderr split so kubectl's `Warning: …` lines (the server's warnings; the command went on) are not drawn as errors. */
function splitWarnings(b: { kind: Kind; text: string; prompt?: string }): { kind: Kind; text: string; prompt?: string }[] {
  if (b.kind !== 'err' || !b.text.includes('Warning: ')) return [b];
  const out: { kind: Kind; text: string }[] = [];
  for (const line of b.text.split(/(?<=\n)/)) {
    const kind: Kind = line.startsWith('Warning: ') ? 'warn' : 'err';
    const last = out.at(-1);
    if (last?.kind === kind) last.text += line;
    else out.push({ kind, text: line });
  }
  return out;
}
interface Entry {
  id: number;
  kind: Kind;
  text: string;
  /** the prompt a command was typed at */
  prompt?: string;
  /** the page's own words (shown in the page's language) rather than text */
  note?: MessageKey;
}

/** Blocks kept on screen; older ones drop off the top. */
const MAX_ENTRIES = 1500;
/** A followed log is re-read at most this often (wall time). */
const FOLLOW_MS = 200;

/** History survives the pane being hidden or remounted within the page's life. */
const history: string[] = [];
let nextId = 1;

/** `kubectl logs … -f` → the same command without the follow flag, or null when it is not a followed logs command. */
export function followTarget(line: string): string | null {
  const words = line.trim().split(/\s+/);
  if (words[0] !== 'logs') return null;
  let follow = false;
  const kept = words.filter((w) => {
    if (w === '-f' || w === '--follow' || w === '--follow=true') {
      follow = true;
      return false;
    }
    return true;
  });
  return follow ? kept.join(' ') : null;
}

/** What `next` adds to `prev`; when the log was cut at the top, resync on prev's last line. */
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

export default function Terminal({ tabs, hidden }: { tabs: ReactNode; hidden: boolean }) {
  const t = useT();
  const [entries, setEntries] = useState<Entry[]>([{ id: 0, kind: 'info', text: '', note: 'terminal.welcome' }]);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [follow, setFollow] = useState<string | null>(null);
  /** the shell the terminal is in (a node's or a container's), or null at the kubectl prompt */
  const [session, setSession] = useState<Session | null>(null);
  const histIdx = useRef(history.length);
  const draft = useRef('');
  const screen = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const stick = useRef(true);
  /** the followed log's text as last read */
  const followState = useRef('');

  const print = useCallback((...blocks: { kind: Kind; text: string; prompt?: string }[]) => {
    const add = blocks.flatMap(splitWarnings).filter((b) => b.text !== '' || b.kind === 'cmd').map((b) => ({ ...b, id: nextId++ }));
    if (add.length === 0) return;
    setEntries((es) => {
      const all = es.concat(add);
      return all.length > MAX_ENTRIES ? all.slice(all.length - MAX_ENTRIES) : all;
    });
  }, []);

  useLayoutEffect(() => {
    const el = screen.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [entries, hidden]);

  useEffect(() => {
    if (!hidden) inputRef.current?.focus();
  }, [hidden]);

  // Follow: re-read the log whenever the virtual clock moves, one request at a time, at most every FOLLOW_MS.
  useEffect(() => {
    if (!follow) return;
    let last = followState.current;
    let inFlight = false;
    let dirty = false;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastRun = 0;
    const run = async (): Promise<void> => {
      inFlight = true;
      dirty = false;
      lastRun = performance.now();
      try {
        const r = await cluster.kubectl(follow);
        if (stopped) return;
        if (r.exitCode !== 0) {
          print({ kind: 'err', text: r.stderr || `exit status ${r.exitCode}\n` });
          setFollow(null);
          return;
        }
        const add = appended(last, r.stdout);
        last = r.stdout;
        followState.current = last;
        if (add) print({ kind: 'out', text: add });
      } catch (e) {
        if (stopped) return;
        print({ kind: 'err', text: `${e instanceof Error ? e.message : String(e)}\n` });
        setFollow(null);
        return;
      } finally {
        inFlight = false;
      }
      if (dirty) schedule();
    };
    const schedule = (): void => {
      if (stopped) return;
      if (inFlight) {
        dirty = true;
        return;
      }
      if (timer !== undefined) return;
      const wait = Math.max(0, FOLLOW_MS - (performance.now() - lastRun));
      timer = setTimeout(() => {
        timer = undefined;
        void run();
      }, wait);
    };
    const unsub = useClock.subscribe((s, prev) => {
      if (s.nowMs !== prev.nowMs) schedule();
    });
    return () => {
      stopped = true;
      unsub();
      clearTimeout(timer);
    };
  }, [follow, print]);

  const interrupt = (): void => {
    setFollow(null);
    print({ kind: 'info', text: '^C' });
  };

  const run = async (raw: string): Promise<void> => {
    if (raw.trim() && history[history.length - 1] !== raw.trim()) history.push(raw.trim());
    histIdx.current = history.length;
    draft.current = '';
    if (follow) interrupt();
    stick.current = true;
    const c = interpret(session, raw);
    if (c.kind === 'clear') {
      setEntries([]);
      return;
    }
    const prompt = promptFor(session);
    print({ kind: 'cmd', text: c.kind === 'kubectl' ? c.line : raw.trim(), prompt });
    if (c.kind === 'none') return;
    if (c.kind === 'logout') {
      print({ kind: 'info', text: logoutText(c.node) });
      setSession(null);
      return;
    }
    if (c.kind === 'podLogout') {
      print({ kind: 'info', text: 'exit\n' });
      setSession(null);
      return;
    }
    if (c.kind === 'podLogin' || c.kind === 'pod') {
      setBusy(true);
      try {
        // Opening the shell is an exec of it: a pod or container that is not there, or an image without it, says so.
        const r = await cluster.kubectl(c.kind === 'pod' ? c.kubectl : `${c.session.exec} -- ${c.session.shell} -c true`);
        print({ kind: 'out', text: r.stdout }, { kind: 'err', text: r.stderr });
        if (c.kind === 'podLogin' && r.exitCode === 0) setSession(c.session);
      } catch (e) {
        print({ kind: 'err', text: `${e instanceof Error ? e.message : String(e)}\n` });
      } finally {
        setBusy(false);
      }
      return;
    }
    if (c.kind === 'login' || c.kind === 'node') {
      setBusy(true);
      try {
        const r = await cluster.ssh(c.node, c.kind === 'node' ? c.line : '');
        print({ kind: 'out', text: r.stdout }, { kind: 'err', text: r.stderr });
        // 255 is ssh's own failure: the node did not answer (or went away under the session).
        if (r.exitCode === 255) setSession(null);
        else if (c.kind === 'login') setSession({ kind: 'node', node: c.node });
      } catch (e) {
        print({ kind: 'err', text: `${e instanceof Error ? e.message : String(e)}\n` });
      } finally {
        setBusy(false);
      }
      return;
    }
    const line = c.line;
    const followed = followTarget(line);
    setBusy(true);
    try {
      const r = await cluster.kubectl(followed ?? line);
      print({ kind: 'out', text: r.stdout }, { kind: 'err', text: r.stderr });
      if (followed && r.exitCode === 0) {
        followState.current = r.stdout;
        setFollow(followed);
      }
    } catch (e) {
      print({ kind: 'err', text: `${e instanceof Error ? e.message : String(e)}\n` });
    } finally {
      setBusy(false);
    }
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    const el = e.currentTarget;
    const ctrl = (k: string): boolean => e.ctrlKey && !e.metaKey && !e.altKey && e.key.toLowerCase() === k;
    if (e.key === 'Enter') {
      e.preventDefault();
      if (busy) return;
      const value = input;
      setInput('');
      void run(value);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      if (history.length === 0) return;
      if (histIdx.current === history.length) draft.current = input;
      const i = Math.min(history.length, Math.max(0, histIdx.current + (e.key === 'ArrowUp' ? -1 : 1)));
      histIdx.current = i;
      setInput(i === history.length ? draft.current : history[i]!);
    } else if (e.key === 'Escape' || (ctrl('c') && el.selectionStart === el.selectionEnd)) {
      e.preventDefault();
      if (follow) interrupt();
      else if (e.key !== 'Escape') {
        print({ kind: 'cmd', text: `${input}^C` });
        setInput('');
      }
    } else if (ctrl('l')) {
      e.preventDefault();
      setEntries([]);
    }
  };

  const onScroll = (): void => {
    const el = screen.current;
    if (el) stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
  };

  return (
    <section className="terminal" aria-label={t('terminal.label')} hidden={hidden} id="bottom-terminal" role="tabpanel" aria-labelledby="bottom-tab-terminal">
      <div className="pane-head">
        {tabs}
        <span className="muted small hide-narrow">{follow ? t('terminal.following') : t('terminal.keys')}</span>
        <button type="button" className="small-btn count" onClick={() => setEntries([])} title={t('terminal.clearTitle')}>
          {t('terminal.clear')}
        </button>
      </div>
      <div
        className="term-screen"
        ref={screen}
        onScroll={onScroll}
        onMouseUp={() => {
          if (!getSelection()?.toString()) inputRef.current?.focus();
        }}
      >
        <div className="term-output" role="log" aria-label={t('terminal.output')} data-testid="terminal-output">
          {entries.map((en) =>
            en.kind === 'cmd' ? (
              <div key={en.id} className="term-cmd">
                <span className="term-prompt">{en.prompt ?? '$ kubectl '}</span>
                {en.text}
              </div>
            ) : (
              <pre key={en.id} className={`term-${en.kind}`}>
                {en.note ? t(en.note) : en.text.endsWith('\n') ? en.text.slice(0, -1) : en.text}
              </pre>
            ),
          )}
        </div>
        <div className="term-input-line">
          <label htmlFor="kubectl-input" className="term-prompt">
            {promptFor(session)}
          </label>
          <input
            id="kubectl-input"
            ref={inputRef}
            className="term-input"
            aria-label={session?.kind === 'node' ? t('terminal.nodeInput', { node: session.node }) : session?.kind === 'pod' ? t('terminal.podInput', { pod: session.pod }) : t('terminal.input')}
            value={input}
            onChange={(e) => {
              setInput(e.target.value);
              histIdx.current = history.length;
            }}
            onKeyDown={onKey}
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
          />
          {busy ? <span className="muted small">…</span> : null}
        </div>
      </div>
    </section>
  );
}
