/**
 * The address bar holds the scenario: on start the page loads what `location.hash` encodes (paused at
 * its time), and after every action and clock change it writes the scenario, the current virtual
 * time and the trace step the Network view shows (useTraceStep) back with history.replaceState — at most once a second while the clock plays. A hash the user
 * pastes (hashchange) reloads the cluster.
 */
import { decodeShare, encodeShare } from '../scenario/urlCodec';
import type { Scenario } from '../scenario/format';
import { EMPTY_SCENARIO } from '../worker/protocol';
import type { ClusterClient } from './cluster';
import { useClock, useScenario, useTraceStep } from './stores';
import { useUi } from './ui';
import { useOpenLesson } from './lesson';
import { isLessonHash } from './lessonLink';

const PLAYING_INTERVAL_MS = 1000;
export const LINK_BANNER_ID = 'link';

export interface AddressBar {
  stop(): void;
  /** Writes the hash now (e.g. before copying the link). */
  flush(): void;
}

/** Loads from a hash, or the default cluster with a banner if the hash cannot be read. */
export function loadFromHash(client: ClusterClient, hash: string, defaultPlaying: boolean): void {
  const h = hash.replace(/^#/, '');
  if (isLessonHash(h)) {
    // The lesson reader and the course are a chunk of their own, fetched for lesson links only.
    void import('./lessonHash').then((m) => m.loadLessonHash(client, h, defaultPlaying));
    return;
  }
  useOpenLesson.setState({ open: null });
  if (h === '') {
    client.restart(EMPTY_SCENARIO, 0, defaultPlaying);
    return;
  }
  const r = decodeShare(h);
  if (r.ok) {
    useUi.getState().dismissBanner(LINK_BANNER_ID);
    useTraceStep.setState({ step: r.ui?.traceStep });
    client.restart(r.scenario, r.atMs, false);
  } else {
    useUi.getState().addBanner({ id: LINK_BANNER_ID, kind: 'error', message: `${r.error} The default cluster was loaded instead.` });
    client.restart(EMPTY_SCENARIO, 0, defaultPlaying);
  }
}

export function startAddressBar(client: ClusterClient, opts: { defaultPlaying?: boolean } = {}): AddressBar {
  const defaultPlaying = opts.defaultPlaying ?? true;
  let lastWritten = '';
  let lastWriteAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const write = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const scenario: Scenario | null = useScenario.getState().scenario;
    if (!scenario) return;
    const step = useTraceStep.getState().step;
    const share = encodeShare(scenario, useClock.getState().nowMs, step !== undefined ? { traceStep: step } : {});
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
    timer = setTimeout(write, wait);
  };

  const unsubScenario = useScenario.subscribe(() => write());
  const unsubStep = useTraceStep.subscribe(() => write());
  const unsubLesson = useOpenLesson.subscribe(() => write());
  const unsubClock = useClock.subscribe((c, prev) => {
    if (c.playing !== prev.playing) write();
    else if (c.nowMs !== prev.nowMs || c.speed !== prev.speed) schedule();
  });

  const onHashChange = (e: HashChangeEvent): void => {
    // The hash the user went to: while the clock plays, the bar may have been rewritten since.
    const hash = new URL(e.newURL).hash;
    if (hash === lastWritten) return;
    lastWritten = hash;
    loadFromHash(client, hash, defaultPlaying);
  };
  addEventListener('hashchange', onHashChange);

  lastWritten = location.hash;
  loadFromHash(client, location.hash, defaultPlaying);

  return {
    stop() {
      clearTimeout(timer);
      unsubScenario();
      unsubStep();
      unsubLesson();
      unsubClock();
      removeEventListener('hashchange', onHashChange);
    },
    flush: write,
  };
}
