/** Two panes with a draggable (and keyboard-movable) separator; the split is remembered. */
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

export function SplitPane({ direction, initial, min = 0.15, storageKey, label, children }: Props) {
  const [frac, setFrac] = useState(() => load(storageKey, initial));
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

  return (
    <div ref={box} className={`split split-${direction}`}>
      <div className="split-pane" style={{ flexBasis: `${frac * 100}%` }}>
        {children[0]}
      </div>
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
      <div className="split-pane" style={{ flexBasis: `${(1 - frac) * 100}%` }}>
        {children[1]}
      </div>
    </div>
  );
}
