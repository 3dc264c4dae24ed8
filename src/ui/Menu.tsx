/**
 * A small accessible menu button (WAI-ARIA menu pattern): the button opens a `role="menu"` popup drawn
 * in a portal (so card clipping never hides it), focus moves to the first item, arrows / Home / End
 * move between items, Escape or Tab closes and focus returns to the button.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  /** the visible label */
  label: string;
  /** a muted second line: what the item does */
  hint?: string;
  /** the group heading it sits under */
  group?: string;
  /** red: it breaks something; green: it repairs */
  tone?: 'break' | 'repair';
  disabled?: boolean;
  onSelect(): void;
}

export interface MenuProps {
  /** the menu button's accessible name */
  label: string;
  /** the menu's heading */
  title: string;
  items: MenuItem[];
  /** what the button shows */
  children: ReactNode;
  className?: string;
  /** open from outside (a context menu on another element), anchored at this point */
  openAt?: { x: number; y: number } | null;
  onClose?(): void;
  /** render no button: the menu is only opened with openAt */
  noButton?: boolean;
}

export function Menu({ label, title, items, children, className, openAt, onClose, noButton }: MenuProps) {
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ x: number; y: number }>({ x: 0, y: 0 });
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  const close = useCallback(
    (refocus: boolean) => {
      setOpen(false);
      onClose?.();
      if (refocus) (returnFocus.current ?? button.current)?.focus();
    },
    [onClose],
  );

  useEffect(() => {
    if (openAt) {
      returnFocus.current = document.activeElement as HTMLElement | null;
      setPos(openAt);
      setOpen(true);
    }
  }, [openAt]);

  const toggle = (): void => {
    if (open) return close(false);
    const r = button.current!.getBoundingClientRect();
    returnFocus.current = button.current;
    setPos({ x: r.left, y: r.bottom + 4 });
    setOpen(true);
  };

  // Keep the popup on screen, then focus its first item.
  useLayoutEffect(() => {
    if (!open || !menu.current) return;
    const m = menu.current;
    const r = m.getBoundingClientRect();
    const x = Math.max(8, Math.min(pos.x, innerWidth - r.width - 8));
    const y = pos.y + r.height > innerHeight - 8 ? Math.max(8, pos.y - r.height - (button.current && !openAt ? button.current.offsetHeight + 8 : 0)) : pos.y;
    m.style.left = `${x}px`;
    m.style.top = `${y}px`;
    m.style.visibility = 'visible';
    itemsOf(m)[0]?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, pos]);

  useEffect(() => {
    if (!open) return;
    const down = (e: PointerEvent): void => {
      if (menu.current?.contains(e.target as Node) || button.current?.contains(e.target as Node)) return;
      close(false);
    };
    // Scrolling what the menu hangs from moves its anchor away: close. Other panes (the event log
    // follows new rows all the time) may scroll freely.
    const scroll = (e: Event): void => {
      const anchor = button.current ?? returnFocus.current;
      const t = e.target;
      if (t === document || t === window || (t instanceof Node && anchor && t.contains(anchor))) close(false);
    };
    addEventListener('pointerdown', down, true);
    addEventListener('scroll', scroll, true);
    const resize = (): void => close(false);
    addEventListener('resize', resize);
    return () => {
      removeEventListener('pointerdown', down, true);
      removeEventListener('scroll', scroll, true);
      removeEventListener('resize', resize);
    };
  }, [open, close]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const list = itemsOf(e.currentTarget);
    const i = list.indexOf(document.activeElement as HTMLElement);
    const go = (n: number): void => {
      e.preventDefault();
      list[(n + list.length) % list.length]?.focus();
    };
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(list.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Tab') close(false);
    else if (e.key.length === 1 && /\S/.test(e.key)) {
      // Type-ahead: the next item starting with that letter.
      const k = e.key.toLowerCase();
      for (let n = 1; n <= list.length; n++) {
        const el = list[(i + n) % list.length]!;
        if ((el.textContent ?? '').trim().toLowerCase().startsWith(k)) return go((i + n) % list.length);
      }
    }
  };

  let lastGroup: string | undefined;
  return (
    <>
      {noButton ? null : (
        <button ref={button} type="button" className={className ?? 'menu-btn'} aria-haspopup="menu" aria-expanded={open} aria-label={label} title={label} onClick={toggle}>
          {children}
        </button>
      )}
      {open
        ? createPortal(
            <div ref={menu} className="menu" role="menu" aria-label={title} onKeyDown={onKey} style={{ left: pos.x, top: pos.y, visibility: 'hidden' }}>
              <div className="menu-title" role="presentation">
                {title}
              </div>
              {items.map((it, n) => {
                const heading = it.group && it.group !== lastGroup ? it.group : undefined;
                lastGroup = it.group;
                return (
                  <div key={n} role="presentation">
                    {heading ? (
                      <div className="menu-group" role="presentation">
                        {heading}
                      </div>
                    ) : null}
                    <button
                      type="button"
                      role="menuitem"
                      tabIndex={-1}
                      className={`menu-item${it.tone ? ` ${it.tone}` : ''}`}
                      disabled={it.disabled}
                      aria-disabled={it.disabled}
                      onClick={() => {
                        close(true);
                        it.onSelect();
                      }}
                    >
                      <span className="menu-label">{it.label}</span>
                      {it.hint ? <span className="menu-hint">{it.hint}</span> : null}
                    </button>
                  </div>
                );
              })}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}

function itemsOf(m: HTMLElement): HTMLElement[] {
  return [...m.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])')];
}
