/**
 * The bottom-left pane: the event log, or the kubectl terminal, chosen by tabs. The terminal loads on
 * first use and then stays mounted (hidden when not shown), so its screen, history and a followed log
 * survive switching back to the events.
 */
import { lazy, Suspense, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { EventLog } from './EventLog';
import { useT } from './i18n';
import type { MessageKey } from './i18n';

const Terminal = lazy(() => import('./Terminal'));

type BottomView = 'events' | 'terminal';
const TABS: { id: BottomView; label: MessageKey }[] = [
  { id: 'events', label: 'frame.tab.events' },
  { id: 'terminal', label: 'frame.tab.terminal' },
];

export function BottomPane() {
  const tr = useT();
  const [view, setView] = useState<BottomView>('events');
  const [terminalOpened, setTerminalOpened] = useState(false);
  const show = (v: BottomView): void => {
    setView(v);
    if (v === 'terminal') setTerminalOpened(true);
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const next = view === 'events' ? 'terminal' : 'events';
    show(next);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`#bottom-${next} #bottom-tab-${next}`)?.focus());
  };
  const tabs = (
    <div className="tabs view-tabs" role="tablist" aria-label={tr('frame.bottomPane')} onKeyDown={onKey}>
      {TABS.map((t) => (
        <button key={t.id} id={`bottom-tab-${t.id}`} type="button" role="tab" aria-selected={view === t.id} aria-controls={`bottom-${t.id}`} tabIndex={view === t.id ? 0 : -1} onClick={() => show(t.id)}>
          {tr(t.label)}
        </button>
      ))}
    </div>
  );
  return (
    <div className="bottom-pane">
      <EventLog tabs={view === 'events' ? tabs : null} hidden={view !== 'events'} />
      {terminalOpened ? (
        <Suspense fallback={view === 'terminal' ? <p className="muted pad">{tr('frame.loadingTerminal')}</p> : null}>
          <Terminal tabs={view === 'terminal' ? tabs : null} hidden={view !== 'terminal'} />
        </Suspense>
      ) : null}
    </div>
  );
}
