/**
 * The page's language. English ships with the page; Chinese is loaded on demand. The choice is kept in
 * localStorage; without one, the browser's preferred languages decide (any `zh*` → 中文).
 *
 *   const t = useT();  t('common.copyLink')  t('cluster.pods', { count: 3 })
 *
 * Outside React (state modules building a banner), `translate` reads the current language.
 */
import { create } from 'zustand';
import { en } from './en';
import type { MessageKey } from './en';
import { formatMessage } from './format';
import type { CatalogOf, Lang, Params } from './types';
import { LANGS } from './types';

export type { Lang, MessageKey, Params };
export { LANGS, LANG_NAMES } from './types';

const LANG_KEY = 'kubetab.lang';
type Catalog = CatalogOf<typeof en>;

const loaded: Partial<Record<Lang, Catalog>> = { en };

/** The language a first visit gets: the first of the browser's languages the page speaks, else English. */
export function detectLang(preferred: readonly string[]): Lang {
  for (const p of preferred) {
    const l = p.toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved && (LANGS as readonly string[]).includes(saved)) return saved as Lang;
  } catch {
    /* storage may be off; fall through */
  }
  return typeof navigator === 'undefined' ? 'en' : detectLang(navigator.languages ?? [navigator.language]);
}

interface LangState {
  /** the language the page shows (its catalogue is loaded) */
  lang: Lang;
  setLang(l: Lang): Promise<void>;
}

/** Loads a language's catalogue (a separate download for Chinese). */
export async function loadLang(l: Lang): Promise<void> {
  if (loaded[l]) return;
  if (l === 'zh-CN') loaded[l] = (await import('./zh-CN')).zhCN;
}

export const useLang = create<LangState>((set) => ({
  lang: 'en',
  async setLang(l) {
    await loadLang(l);
    try {
      localStorage.setItem(LANG_KEY, l);
    } catch {
      /* not kept; still switched */
    }
    if (typeof document !== 'undefined') document.documentElement.lang = l;
    set({ lang: l });
  },
}));

/** Picks the first language (saved or the browser's) and loads it; the page renders after this. */
export async function startLang(): Promise<void> {
  await useLang.getState().setLang(initialLang());
}

/** A message in the current language. */
export function translate(key: MessageKey, params?: Params): string {
  const cat = loaded[useLang.getState().lang] ?? en;
  return formatMessage(cat[key] ?? en[key], params);
}

/** The translate function for a component; the component re-renders when the language changes. */
export function useT(): (key: MessageKey, params?: Params) => string {
  useLang((s) => s.lang);
  return translate;
}
