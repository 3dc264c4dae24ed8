/**
 * The kubectl terminal: xterm.js with a readline-like line editor (terminal/lineEditor.ts). A line
 * (the leading `kubectl` optional, pipes to grep/head/tail/wc/sort allowed) runs in the cluster's
 * worker; a command that keeps running (get -w, logs -f, rollout status) streams in until it ends or
 * Ctrl+C stops it. Tab completes through the worker, ↑/↓ and Ctrl+R walk the history, Ctrl+L and
 * `clear` empty the screen. `ssh NODE` opens a root shell on a node and `kubectl exec -it POD -- sh`
 * a shell in a container (their prompts replace kubectl's) until `exit`. This module is its own
 * chunk (BottomPane loads it lazily), and so is xterm with it.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Terminal as Xterm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { cluster } from '../state/cluster';
import { interpret, logoutText, promptFor } from './nodeShell';
import type { Session } from './nodeShell';
import { useT } from './i18n';
import { applyCompletion, initialState, press, splitKeys, type EditorState } from './terminal/lineEditor';
import { columns, redraw } from './terminal/render';
import { colourStderr, outputText, termTheme } from './terminal/style';

/** History survives the pane being hidden or remounted within the page's life. */
const history: string[] = [];
/** Lines kept above the screen. */
const SCROLLBACK = 5000;

/** What the e2e tests read: the buffer's text, and each line's foreground colour. */
interface TerminalTestHook {
  text(): string;
  lines(): { text: string; fg: number }[];
}

export default function Terminal({ tabs, hidden }: { tabs: ReactNode; hidden: boolean }) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const [session, setSessionState] = useState<Session | null>(null);
  const [following, setFollowing] = useState(false);
  const api = useRef<{ clear(): void; focus(): void; fit(): void } | null>(null);
  const labels = useRef({ input: '', node: (n: string) => n, pod: (p: string) => p, welcome: '' });
  labels.current = {
    input: t('terminal.input'),
    node: (node) => t('terminal.nodeInput', { node }),
    pod: (pod) => t('terminal.podInput', { pod }),
    welcome: t('terminal.welcome'),
  };

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const root = document.documentElement;
    const fontSize = (): number => (root.hasAttribute('data-present') ? 20 : 13.5);
    const term = new Xterm({
      convertEol: true,
      cursorBlink: true,
      fontFamily: getComputedStyle(el).getPropertyValue('--mono') || 'monospace',
      fontSize: fontSize(),
      scrollback: SCROLLBACK,
      theme: termTheme(el),
      allowProposedApi: false,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    try {
      fit.fit();
    } catch {
      // Not laid out yet (the pane hidden): the ResizeObserver fits it once it is.
    }

    let state: EditorState = initialState(history);
    let sess: Session | null = null;
    let cursorRow = 0;
    let busy = false;
    let running: { stop(): void } | null = null;
    const queue: string[] = [];

    const promptStyle = (p: string): string => `\x1b[1;32m${p}\x1b[0m`;
    const prompt = (): string => promptFor(sess);
    const draw = (): void => {
      const r = redraw(state, prompt(), promptStyle, term.cols, cursorRow);
      cursorRow = r.cursorRow;
      term.write(r.out);
    };
    const label = (): void => {
      const ta = term.textarea;
      if (!ta) return;
      ta.id = 'kubectl-input';
      ta.setAttribute('aria-label', sess?.kind === 'node' ? labels.current.node(sess.node) : sess?.kind === 'pod' ? labels.current.pod(sess.pod) : labels.current.input);
    };
    const setSession = (s: Session | null): void => {
      sess = s;
      setSessionState(s);
      label();
    };
    /** Whether what was written last ended its line (xterm parses writes later, so its cursor cannot tell yet). */
    let atLineStart = true;
    const print = (stdout: string, stderr: string): void => {
      if (stdout) term.write(outputText(stdout));
      if (stderr) term.write(colourStderr(stderr));
      const last = (stderr || stdout).at(-1);
      if (last !== undefined) atLineStart = last === '\n';
    };
    /** A new prompt on a line of its own (a command's output may have ended without a newline). */
    const freshPrompt = (): void => {
      if (!atLineStart) term.write('\r\n');
      atLineStart = true;
      state = initialState(history);
      cursorRow = 0;
      draw();
    };

    const finish = (): void => {
      busy = false;
      running = null;
      setFollowing(false);
      freshPrompt();
      if (queue.length) onData(queue.splice(0).join(''));
    };

    const runLine = async (raw: string): Promise<void> => {
      const c = interpret(sess, raw);
      if (c.kind === 'clear') {
        // In order with what was written before: home, clear the screen and the scrollback.
        term.write('\x1b[H\x1b[2J\x1b[3J');
        return;
      }
      if (c.kind === 'none') return;
      if (c.kind === 'logout') {
        term.write(logoutText(c.node));
        setSession(null);
        return;
      }
      if (c.kind === 'podLogout') {
        term.write('exit\n');
        setSession(null);
        return;
      }
      try {
        if (c.kind === 'podLogin' || c.kind === 'pod') {
          // Opening the shell is an exec of it: a pod or container that is not there, or an image without it, says so.
          const r = await cluster.kubectl(c.kind === 'pod' ? c.kubectl : `${c.session.exec} -- ${c.session.shell} -c true`);
          print(r.stdout, r.stderr);
          if (c.kind === 'podLogin' && r.exitCode === 0) setSession(c.session);
          return;
        }
        if (c.kind === 'login' || c.kind === 'node') {
          const r = await cluster.ssh(c.node, c.kind === 'node' ? c.line : '');
          print(r.stdout, r.stderr);
          // 255 is ssh's own failure: the node did not answer (or went away under the session).
          if (r.exitCode === 255) setSession(null);
          else if (c.kind === 'login') setSession({ kind: 'node', node: c.node });
          return;
        }
        const stream = cluster.kubectlStream(c.line, (chunk) => print(chunk.stdout, chunk.stderr));
        running = stream;
        setFollowing(true);
        await stream.finished;
      } catch (e) {
        print('', `${e instanceof Error ? e.message : String(e)}\n`);
      }
    };

    const submit = (line: string): void => {
      term.write('\r\n');
      atLineStart = true;
      const trimmed = line.trim();
      if (trimmed && history[history.length - 1] !== trimmed) history.push(trimmed);
      busy = true;
      void runLine(line).finally(finish);
    };

    const complete = async (line: string, cursor: number, again: boolean): Promise<void> => {
      // Shells on nodes and in containers: nothing is offered rather than something wrong.
      if (sess) return;
      let r: { from: number; items: string[] };
      try {
        r = await cluster.complete(line, cursor);
      } catch {
        return;
      }
      // The line moved on while the worker answered: the answer is for another line.
      if (state.line !== line || state.cursor !== cursor) return;
      const applied = applyCompletion(state, r.from, r.items, again);
      state = applied.state;
      if (applied.list) {
        term.write(`\r\n${columns(applied.list, term.cols)}`);
        cursorRow = 0;
      }
      draw();
    };

    function onData(data: string): void {
      if (busy) {
        if (data.includes('\x03')) {
          queue.length = 0;
          term.write('^C');
          atLineStart = false;
          if (running) running.stop();
          return;
        }
        queue.push(data);
        return;
      }
      const keys = splitKeys(data);
      for (let i = 0; i < keys.length; i++) {
        const before = state;
        const { state: next, actions } = press(state, keys[i]!, history);
        state = next;
        let redrawn = false;
        for (const a of actions) {
          if (a.kind === 'submit') {
            // The line stays on screen as typed (a search's match as a plain line), the cursor at its end.
            state = { ...before, line: a.line, cursor: a.line.length, search: null };
            draw();
            state = next;
            submit(a.line);
            // What follows a pasted line waits for it to finish.
            const rest = keys.slice(i + 1).join('');
            if (rest) queue.push(rest);
            return;
          }
          if (a.kind === 'cancel') {
            // bash leaves the abandoned line on screen with ^C after it.
            state = { ...before, line: a.line, cursor: a.line.length, search: null };
            draw();
            state = next;
            term.write('^C\r\n');
            cursorRow = 0;
          } else if (a.kind === 'clear') {
            term.write('\x1b[H\x1b[2J\x1b[3J');
            cursorRow = 0;
          } else if (a.kind === 'complete') {
            void complete(a.line, a.cursor, a.again);
            redrawn = true;
          }
        }
        if (!redrawn) draw();
      }
    }

    term.onData(onData);
    label();
    term.write(`\x1b[2m${labels.current.welcome}\x1b[0m\r\n`);
    draw();

    const ro = new ResizeObserver(() => {
      if (!el.offsetParent) return;
      try {
        fit.fit();
      } catch {
        // hidden
      }
    });
    ro.observe(el);
    // Theme and presentation mode restyle the page through the root's attributes.
    const mo = new MutationObserver(() => {
      term.options.theme = termTheme(el);
      if (term.options.fontSize !== fontSize()) {
        term.options.fontSize = fontSize();
        fit.fit();
      }
    });
    mo.observe(root, { attributes: true, attributeFilter: ['data-theme', 'data-present'] });

    const hook: TerminalTestHook = {
      // Logical lines: a row xterm wrapped onto the next is joined back, as the program printed it.
      text: () => {
        const b = term.buffer.active;
        const rows: string[] = [];
        for (let i = 0; i < b.length; i++) {
          const line = b.getLine(i);
          const wrapsOn = b.getLine(i + 1)?.isWrapped ?? false;
          const text = line?.translateToString(!wrapsOn) ?? '';
          if (line?.isWrapped && rows.length > 0) rows[rows.length - 1] += text;
          else rows.push(text);
        }
        while (rows.length && rows[rows.length - 1] === '') rows.pop();
        return rows.join('\n');
      },
      lines: () => {
        const b = term.buffer.active;
        const out: { text: string; fg: number }[] = [];
        for (let i = 0; i < b.length; i++) {
          const line = b.getLine(i);
          if (!line) continue;
          out.push({ text: line.translateToString(true), fg: line.getCell(0)?.getFgColor() ?? -1 });
        }
        return out;
      },
    };
    (window as unknown as { __kubetabTerminal?: TerminalTestHook }).__kubetabTerminal = hook;
    api.current = {
      clear: () => {
        term.clear();
        term.focus();
      },
      focus: () => term.focus(),
      fit: () => {
        try {
          fit.fit();
        } catch {
          // hidden
        }
      },
    };
    return () => {
      running?.stop();
      ro.disconnect();
      mo.disconnect();
      term.dispose();
      api.current = null;
    };
  }, []);

  useEffect(() => {
    if (hidden) return;
    api.current?.fit();
    api.current?.focus();
  }, [hidden]);

  return (
    <section className="terminal" aria-label={t('terminal.label')} hidden={hidden} id="bottom-terminal" role="tabpanel" aria-labelledby="bottom-tab-terminal">
      <div className="pane-head">
        {tabs}
        <span className="muted small hide-narrow">{following ? t('terminal.running') : t('terminal.keys')}</span>
        <button type="button" className="small-btn count" onClick={() => api.current?.clear()} title={t('terminal.clearTitle')}>
          {t('terminal.clear')}
        </button>
      </div>
      <div className="term-screen xterm-host" ref={host} data-testid="terminal-screen" data-session={session ? session.kind : 'kubectl'} />
    </section>
  );
}
