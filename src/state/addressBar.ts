/**
 * The address bar holds the scenario: on start the page loads what `location.hash` encodes (paused at
 * its time, at its speed, with its editor text), and after every action and clock change it writes the
 * scenario, the current virtual time, the speed, the editor's text and the trace step the Network view
 * shows (useTraceStep) back with history.replaceState — at most once a second while the clock plays,
 * and a moment after the last keystroke in the editor. A hash the user pastes (hashchange) reloads the
 * cluster.
 */
import { decodeShare, encodeShare } from '../scenario/urlCodec';
import type { Scenario } from '../scenario/format';
import { EMPTY_SCENARIO } from '../worker/protocol';
import type { ClusterClient } from './cluster';
import { useClock, useScenario, useTraceStep } from './stores';
import { useEditorText, useUi } from './ui';
import { english } from './note';
import { useOpenLesson } from './lesson';
import { isLessonHash } from './lessonLink';

const PLAYING_INTERVAL_MS = 1000;
/** Typing in the editor rewrites the link once it pauses this long. */
const EDITOR_SETTLE_MS = 400;
export const LINK_BANNER_ID = 'link';

export interface AddressBar {
  stop(): void;
  /** Writes the hash now (e.g. before copying the link). */
  flush(): void;
}

/**
 * Loads from a hash, or the default cluster with a banner if the hash cannot be read. `keepEditor`: the
 * editor keeps its own text (a reload, where the tab's saved text may be newer than the link's).
 */
export function loadFromHash(client: ClusterClient, hash: string, defaultPlaying: boolean, keepEditor = false): void {
  const h = hash.replace(/^#/, '');
  if (isLessonHash(h)) {
    // The lesson reader and the course are a chunk of their own, fetched for lesson links only.
    void import('./lessonHash').then((m) => m.loadLessonHash(client, h, defaultPlaying, keepEditor));
    return;
  }
  if (useOpenLesson.getState().open) useOpenLesson.setState({ open: null });
  if (h === '') {
    client.restart(EMPTY_SCENARIO, 0, defaultPlaying);
    return;
  }
  const r = decodeShare(h);
  if (r.ok) {
    useUi.getState().dismissBanner(LINK_BANNER_ID);
    useTraceStep.setState({ step: r.ui?.traceStep });
    // A link made before the editor travelled leaves the learner's own text alone.
    if (r.ui?.editor !== undefined && !keepEditor) useEditorText.getState().setText(r.ui.editor);
    client.restart(r.scenario, r.atMs, false);
    if (r.ui?.speed !== undefined) client.speed(r.ui.speed);
  } else {
    const note = { key: 'frame.linkNotLoaded', params: { error: r.error } } as const;
    // The reason is kubetab's own words, so the page says it in its language too.
    const reason = { key: `link.${r.why.id}`, params: r.why.params } as const;
    useUi.getState().addBanner({ id: LINK_BANNER_ID, kind: 'error', message: english(note), note, reason });
    client.restart(EMPTY_SCENARIO, 0, defaultPlaying);
  }
}

export function startAddressBar(client: ClusterClient, opts: { defaultPlaying?: boolean } = {}): AddressBar {
  const defaultPlaying = opts.defaultPlaying ?? true;
  let lastWritten = '';
  let lastWriteAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // `asked`: the learner wants the link now (Copy link), so it is the page's, not a held bad one.
  const write = (asked = false): void => {
    clearTimeout(timer);
    timer = undefined;
    const scenario: Scenario | null = useScenario.getState().scenario;
    if (!scenario || (!asked && holdsBadLink(scenario))) return;
    const step = useTraceStep.getState().step;
    const { nowMs, speed } = useClock.getState();
    const share = encodeShare(scenario, nowMs, { ...(step !== undefined ? { traceStep: step } : {}), editor: useEditorText.getState().text, speed });
    // A lesson's story: the lesson goes in front, so a reload resumes the student in it.
    const lesson = useOpenLesson.getState().open;
    const hash = lesson ? `#${lesson.head}&${share.slice(1)}` : share;
    lastWriteAt = performance.now();
    if (hash === lastWritten && location.hash === hash) return;
    lastWritten = hash;
    try {
      history.replaceState(history.state, '', hash);
    } catch {
      /* some embedders forbid it; the link is then simply not updated */
    }
  };

  const schedule = (): void => {
    if (!useClock.getState().playing) {
      write();
      return;
    }
    if (timer !== undefined) return;
    const wait = Math.max(0, lastWriteAt + PLAYING_INTERVAL_MS - performance.now());
    timer = setTimeout(() => write(), wait);
  };

  const unsubScenario = useScenario.subscribe(() => write());
  const unsubStep = useTraceStep.subscribe(() => write());
  let editorTimer: ReturnType<typeof setTimeout> | undefined;
  const unsubEditor = useEditorText.subscribe((e, prev) => {
    if (e.text === prev.text) return;
    clearTimeout(editorTimer);
    editorTimer = setTimeout(() => write(), EDITOR_SETTLE_MS);
  });
  // Only a change of lesson rewrites the link (setting the same value must not clobber a pasted hash).
  const unsubLesson = useOpenLesson.subscribe((l, prev) => {
    if (l.open !== prev.open) write();
  });
  const unsubClock = useClock.subscribe((c, prev) => {
    if (c.playing !== prev.playing) write();
    else if (c.nowMs !== prev.nowMs || c.speed !== prev.speed) schedule();
  });

  const onHashChange = (e: HashChangeEvent): void => {
    // The hash the user went to: while the clock plays, the bar may have been rewritten since.
    const hash = new URL(e.newURL).hash;
    if (hash === lastWritten) return;
    lastWritten = hash;
    // A write still pending from the story before would put that story back over the one asked for.
    clearTimeout(timer);
    timer = undefined;
    clearTimeout(editorTimer);
    loadFromHash(client, hash, defaultPlaying);
  };
  addEventListener('hashchange', onHashChange);

  lastWritten = location.hash;
  loadFromHash(client, location.hash, defaultPlaying, reloaded());

  return (active = {
    stop() {
      clearTimeout(timer);
      clearTimeout(editorTimer);
      unsubScenario();
      unsubStep();
      unsubEditor();
      unsubLesson();
      unsubClock();
      removeEventListener('hashchange', onHashChange);
    },
    flush: () => write(true),
  });
}

let active: AddressBar | undefined;

/**
 * A link that could not be read stays in the bar, so a reload reports it again, while the page shows
 * the untouched default cluster in its place (the clock playing is no reason to replace it); once the
 * learner changes the story or dismisses the message, the bar follows the page again.
 */
function holdsBadLink(scenario: Scenario): boolean {
  if (!useUi.getState().banners.some((b) => b.id === LINK_BANNER_ID)) return false;
  return scenario.actions.length === 0 && scenario.files === undefined && Object.keys(scenario.cluster).length === 0;
}

/** Whether this page is a reload of the tab (its saved editor text is then the latest). */
function reloaded(): boolean {
  try {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return nav?.type === 'reload';
  } catch {
    return false;
  }
}

/** Writes the link now, so a copy taken right after typing or acting holds it. */
export function flushAddressBar(): void {
  active?.flush();
}
