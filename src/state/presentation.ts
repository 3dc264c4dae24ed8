/**
 * Presentation mode, for a projector or a classroom screen: larger type everywhere and stronger
 * contrast (styles.css under `:root[data-present]`). Kept in localStorage, so a teacher's laptop opens
 * in it next time too.
 */
import { create } from 'zustand';

const KEY = 'kubetab.present';

function initial(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

interface PresentationState {
  on: boolean;
  set(on: boolean): void;
  toggle(): void;
}

export const usePresentation = create<PresentationState>((set, get) => ({
  on: initial(),
  set(on) {
    try {
      localStorage.setItem(KEY, on ? '1' : '0');
    } catch {
      /* not kept; still switched */
    }
    set({ on });
  },
  toggle() {
    get().set(!get().on);
  },
}));

/** Where a plain key (P for presentation) must not act: focus is where it types. */
export function typesText(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  return !!target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .monaco-editor');
}
