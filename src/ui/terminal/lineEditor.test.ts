import { describe, expect, it } from 'vitest';
import { applyCompletion, initialState, press, splitKeys, type EditorAction, type EditorState } from './lineEditor';
import { columns, displayWidth, redraw } from './render';

/** Feeds what xterm would send; returns the final state and every action. */
function feed(data: string, history: string[] = [], from: EditorState = initialState(history)): { s: EditorState; actions: EditorAction[] } {
  let s = from;
  const actions: EditorAction[] = [];
  for (const k of splitKeys(data)) {
    const r = press(s, k, history);
    s = r.state;
    actions.push(...r.actions);
  }
  return { s, actions };
}

describe('line editing as readline', () => {
  it('typing, cursor keys, Home/End, Backspace and Delete', () => {
    const { s } = feed('get pds\x1b[D\x1b[Do\x1b[H\x1b[3~G\x1b[F\x7f');
    expect([s.line, s.cursor]).toEqual(['Get pod', 7]);
  });

  it('Ctrl+A, Ctrl+E, Ctrl+U, Ctrl+K and Ctrl+W', () => {
    expect(feed('get pods web\x17').s.line).toBe('get pods ');
    expect(feed('get pods web\x01\x0b').s.line).toBe('');
    const r = feed('get pods web\x02\x02\x02\x15');
    expect([r.s.line, r.s.cursor]).toEqual(['web', 0]);
    expect(feed('get pods\x01\x05!').s.line).toBe('get pods!');
  });

  it('Enter submits; a pasted block is one submit per line', () => {
    expect(feed('get pods\r').actions).toEqual([{ kind: 'submit', line: 'get pods' }]);
    expect(splitKeys('get ns\r\nget pods\n')).toEqual(['get ns', '\r', 'get pods', '\r']);
  });

  it('Ctrl+C abandons the line; Ctrl+L asks for a clear screen', () => {
    const r = feed('get po\x03');
    expect(r.actions).toEqual([{ kind: 'cancel', line: 'get po' }]);
    expect(r.s.line).toBe('');
    expect(feed('\x0c').actions).toEqual([{ kind: 'clear' }]);
  });

  it('wide characters move as one', () => {
    const { s } = feed('中文x\x1b[D\x1b[D\x7f');
    expect([s.line, s.cursor]).toEqual(['文x', 0]);
    expect(displayWidth('$ 中文')).toBe(6);
  });
});

describe('history', () => {
  const history = ['get nodes', 'get pods | grep web', 'describe pod web-1'];
  it('↑ walks back, ↓ forward to the line being typed, kept as it was', () => {
    let r = feed('get sv\x1b[A', history);
    expect(r.s.line).toBe('describe pod web-1');
    r = feed('\x1b[A\x1b[A\x1b[A', history, r.s);
    expect(r.s.line).toBe('get nodes');
    r = feed('\x1b[B\x1b[B\x1b[B', history, r.s);
    expect(r.s.line).toBe('get sv');
  });

  it('Ctrl+R searches back as bash shows it; Ctrl+R again finds the older match; Enter runs it', () => {
    let r = feed('\x12get', history);
    expect(r.s.line).toBe('get pods | grep web');
    const shown = redraw(r.s, '$ kubectl ', (p) => p, 200, 0).out;
    expect(shown).toContain("(reverse-i-search)`get': get pods | grep web");
    r = feed('\x12', history, r.s);
    expect(r.s.line).toBe('get nodes');
    r = feed('\r', history, r.s);
    expect(r.actions).toEqual([{ kind: 'submit', line: 'get nodes' }]);
  });

  it('a search that finds nothing says failed; Ctrl+G gives back the line', () => {
    let r = feed('old\x12zzz', history);
    expect(redraw(r.s, '$ kubectl ', (p) => p, 200, 0).out).toContain("(failed reverse-i-search)`zzz': ");
    r = feed('\x07', history, r.s);
    expect([r.s.line, r.s.search]).toEqual(['old', null]);
  });

  it('a cursor key ends the search with the match on the line to edit', () => {
    const r = feed('\x12desc\x1b[F', history);
    expect([r.s.line, r.s.cursor, r.s.search]).toEqual(['describe pod web-1', 18, null]);
  });
});

describe('Tab', () => {
  it('asks for completion; one choice replaces the word with a space after it', () => {
    const r = feed('get po\t');
    expect(r.actions).toEqual([{ kind: 'complete', line: 'get po', cursor: 6, again: false }]);
    const c = applyCompletion(r.s, 4, ['pods'], false);
    expect([c.state.line, c.state.cursor, c.list]).toEqual(['get pods ', 9, null]);
    expect(applyCompletion(feed('scale --rep').s, 6, ['--replicas='], false).state.line).toBe('scale --replicas=');
  });

  it('several choices: what they share is inserted; a second Tab lists them', () => {
    const s = feed('get pods we').s;
    expect(applyCompletion(s, 9, ['web-1', 'web-2'], false).state.line).toBe('get pods web-');
    const s2 = feed('get pods web-').s;
    expect(applyCompletion(s2, 9, ['web-1', 'web-2'], false).list).toBeNull();
    expect(applyCompletion(s2, 9, ['web-1', 'web-2'], true).list).toEqual(['web-1', 'web-2']);
    expect(feed('get pods web-\t\t').actions.at(-1)).toEqual({ kind: 'complete', line: 'get pods web-', cursor: 13, again: true });
  });

  it('lists in columns top to bottom as wide as the terminal allows', () => {
    expect(columns(['aa', 'bbbb', 'c', 'dd', 'e'], 20)).toBe('aa    c     e\r\nbbbb  dd\r\n');
  });
});
