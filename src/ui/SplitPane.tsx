/**
 * Two panes with a draggable (and keyboard-movable) separator; the split is remembered. The second
 * pane may collapse to a thin bar (a button on the separator) and come back (the bar is a button), so
 * the first can take the screen; that is remembered too. A collapsed pane stays mounted, hidden, so an
 * editor's text or a terminal's screen survive it.
 */
import { useCallback, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent, ReactNode } from 'react';

interface Props {
  direction: 'row' | 'column';
  /** fraction of the first pane, 0..1 */
  initial: number;
  min?: number;
  storageKey: string;
  label: string;
  children: [ReactNode, ReactNode];
  /** the second pane can collapse: the button's name, and the collapsed bar's text and title */
  collapsible?: { collapse: string; restore: string; restoreTitle: string };
}

function load(key: string, fallback: number): number {
  try {
    const v = Number(localStorage.getItem(`kubetab.split.${key}`));
    if (v > 0 && v < 1) return v;
  } catch {
    /* ignore */
  }
  return fallback;
}

function loadCollapsed(key: string): boolean {
  try {
    return localStorage.getItem(`kubetab.collapsed.${key}`) === '1';
  } catch {
    return false;
  }
}

export function SplitPane({ direction, initial, min = 0.15, storageKey, label, children, collapsible }: Props) {
  const [frac, setFrac] = useState(() => load(storageKey, initial));
  const [collapsed, setCollapsedState] = useState(() => !!collapsible && loadCollapsed(storageKey));
  const setCollapsed = (c: boolean): void => {
    setCollapsedState(c);
    try {
      localStorage.setItem(`kubetab.collapsed.${storageKey}`, c ? '1' : '0');
    } catch {
      /* ignore */
    }
  };
  const box = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const set = useCallback(
    (f: number) => {
      const v = Math.min(1 - min, Math.max(min, f));
      setFrac(v);
      try {
        localStorage.setItem(`kubetab.split.${storageKey}`, String(v));
      } catch {
        /* ignore */
      }
    },
    [min, storageKey],
  );

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (!dragging.current || !box.current) return;
    const r = box.current.getBoundingClientRect();
    set(direction === 'row' ? (e.clientX - r.left) / r.width : (e.clientY - r.top) / r.height);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    dragging.current = false;
    e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const back = direction === 'row' ? 'ArrowLeft' : 'ArrowUp';
    const fwd = direction === 'row' ? 'ArrowRight' : 'ArrowDown';
    if (e.key === back) set(frac - 0.03);
    else if (e.key === fwd) set(frac + 0.03);
    else if (e.key === 'Home') set(min);
    else if (e.key === 'End') set(1 - min);
    else return;
    e.preventDefault();
  };

  const isCollapsed = !!collapsible && collapsed;
  return (
    <div ref={box} className={`split split-${direction}${isCollapsed ? ' collapsed' : ''}`} data-split={storageKey}>
      <div className="split-pane" style={isCollapsed ? { flex: '1 1 auto' } : { flexBasis: `${frac * 100}%` }}>
        {children[0]}
      </div>
      <div className="splitter-slot" hidden={isCollapsed}>
        <div
          className="splitter"
          role="separator"
          tabIndex={0}
          aria-orientation={direction === 'row' ? 'vertical' : 'horizontal'}
          aria-label={label}
          aria-valuemin={Math.round(min * 100)}
          aria-valuemax={Math.round((1 - min) * 100)}
          aria-valuenow={Math.round(frac * 100)}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onKeyDown={onKeyDown}
        />
        {collapsible ? (
          <button type="button" className="collapse-btn" onClick={() => setCollapsed(true)} aria-label={collapsible.collapse} title={collapsible.collapse} data-testid={`collapse-${storageKey}`}>
            <span aria-hidden="true">{direction === 'row' ? '›' : '⌄'}</span>
          </button>
        ) : null}
      </div>
      <div className={`split-pane${isCollapsed ? ' collapsed' : ''}`} style={isCollapsed ? undefined : { flexBasis: `${(1 - frac) * 100}%` }}>
        {children[1]}
        {isCollapsed ? (
          <button type="button" className="restore-bar" onClick={() => setCollapsed(false)} title={collapsible.restoreTitle} aria-expanded={false} data-testid={`restore-${storageKey}`}>
            <span aria-hidden="true">{direction === 'row' ? '‹' : '⌃'}</span> {collapsible.restore}
          </button>
        ) : null}
      </div>
    </div>
  );
}
