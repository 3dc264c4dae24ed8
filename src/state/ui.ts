/** Page-only state: what is selected, the theme, banners, the editor's text and the last apply's results. */
import { create } from 'zustand';
import type { ApplyOutcome } from '../worker/protocol';
import { ToastTimers, toastLifetimeMs } from './toastTimers';
import type { ToastHold } from './toastTimers';
import type { MessageKey, Params } from '../ui/i18n';
import { translate, useLang } from '../ui/i18n';

export interface Selection {
  /** a kubectl resource name: pod, node, deployment, replicaset, service… */
  resource: string;
  namespace: string;
  name: string;
}

export const sameSelection = (a: Selection | null, b: Selection | null): boolean =>
  a === b || (!!a && !!b && a.resource === b.resource && a.namespace === b.namespace && a.name === b.name);

export type Theme = 'light' | 'dark';

/** A message of the page's own as a catalogue key, so it is shown in the language the page speaks now. */
export interface Note {
  key: MessageKey;
  params?: Params;
}

export interface Banner {
  id: string;
  kind: 'error' | 'info';
  /** the message in English */
  message: string;
  /** the same message, shown in the page's language */
  note?: Note;
  /** the note's {error}, itself a page message (a refused link's reason) */
  reason?: Note;
}

export interface ApplyResult {
  outcomes: ApplyOutcome[];
  /** when the worker did not answer at all */
  failure?: string;
  atMs: number;
}

/** A short-lived message (a fault's result), announced politely; it goes away by itself (toastTimers). */
export interface Toast {
  id: number;
  kind: 'ok' | 'error';
  message: string;
}

/** The main pane's view: the nodes with their pods, the workloads, the scheduler, the requests, etcd, or the network. */
export type MainView = 'cluster' | 'workloads' | 'scheduler' | 'requests' | 'etcd' | 'network' | 'rbac';

export interface UiState {
  selection: Selection | null;
  view: MainView;
  toasts: Toast[];
  setView(v: MainView): void;
  /** the system pods (kube-system, kube-flannel) on the node cards: small dimmed chips, or hidden */
  systemPods: 'compact' | 'hidden';
  setSystemPods(v: 'compact' | 'hidden'): void;
  toast(kind: Toast['kind'], message: string): void;
  dismissToast(id: number): void;
  /** stops (or lets go on) a toast's countdown while the pointer is on it or focus is in it */
  holdToast(id: number, why: ToastHold, on: boolean): void;
  theme: Theme;
  banners: Banner[];
  applying: boolean;
  applyResult: ApplyResult | null;
  select(s: Selection | null): void;
  setTheme(t: Theme): void;
  addBanner(b: Banner): void;
  dismissBanner(id: string): void;
}

const THEME_KEY = 'kubetab.theme';

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    /* storage may be unavailable */
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const VIEW_KEY = 'kubetab.view';
let toastSeq = 0;
const toastTimers = new ToastTimers();

function initialView(): MainView {
  try {
    const v = sessionStorage.getItem(VIEW_KEY);
    return v === 'workloads' || v === 'scheduler' || v === 'requests' || v === 'etcd' || v === 'network' || v === 'rbac' ? v : 'cluster';
  } catch {
    return 'cluster';
  }
}

const SYSTEM_PODS_KEY = 'kubetab.systemPods';

function initialSystemPods(): 'compact' | 'hidden' {
  try {
    return sessionStorage.getItem(SYSTEM_PODS_KEY) === 'hidden' ? 'hidden' : 'compact';
  } catch {
    return 'compact';
  }
}

export const useUi = create<UiState>((set, get) => ({
  selection: null,
  view: initialView(),
  toasts: [],
  systemPods: initialSystemPods(),
  setSystemPods: (systemPods) => {
    try {
      sessionStorage.setItem(SYSTEM_PODS_KEY, systemPods);
    } catch {
      /* ignore */
    }
    set({ systemPods });
  },
  setView: (view) => {
    try {
      sessionStorage.setItem(VIEW_KEY, view);
    } catch {
      /* ignore */
    }
    set({ view });
  },
  toast: (kind, message) => {
    const id = ++toastSeq;
    const kept = get().toasts.slice(-3);
    for (const t of get().toasts) if (!kept.includes(t)) toastTimers.cancel(t.id);
    set({ toasts: [...kept, { id, kind, message }] });
    toastTimers.start(id, toastLifetimeMs(kind), () => get().dismissToast(id));
  },
  dismissToast: (id) => {
    toastTimers.cancel(id);
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  holdToast: (id, why, on) => toastTimers.hold(id, why, on),
  theme: initialTheme(),
  banners: [],
  applying: false,
  applyResult: null,
  select: (selection) => set({ selection }),
  setTheme: (theme) => {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      /* ignore */
    }
    set({ theme });
  },
  addBanner: (b) => set((s) => ({ banners: [...s.banners.filter((x) => x.id !== b.id), b] })),
  dismissBanner: (id) => set((s) => ({ banners: s.banners.filter((x) => x.id !== id) })),
}));

/** The editor's text: kept in sessionStorage so a reload or a rebuilt worker never loses it. */
const EDITOR_KEY = 'kubetab.editor';

/** The starter manifest below its first line, a comment in the page's language. */
const STARTER_BODY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 250m
            memory: 128Mi
`;

/** The editor's first text: a Deployment under a one-line comment saying what to do, in the page's language. */
export function starterManifest(): string {
  return `# ${translate('replies.starterComment')}\n${STARTER_BODY}`;
}

/** The starter as it was given, in whichever language its comment is: nothing of the learner's would be lost in replacing it. */
export const isUntouchedStarter = (text: string): boolean => {
  const nl = text.indexOf('\n');
  return text.startsWith('# ') && text.slice(nl + 1) === STARTER_BODY && !text.slice(0, nl).includes('\n');
};

interface EditorState {
  text: string;
  setText(t: string): void;
}

function initialText(): string {
  try {
    const saved = sessionStorage.getItem(EDITOR_KEY);
    if (saved !== null) return saved;
  } catch {
    /* ignore */
  }
  return starterManifest();
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;

export const useEditorText = create<EditorState>((set) => ({
  text: initialText(),
  setText: (text) => {
    set({ text });
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => saveEditorText(text), 200);
  },
}));

export function saveEditorText(text = useEditorText.getState().text): void {
  try {
    sessionStorage.setItem(EDITOR_KEY, text);
  } catch {
    /* ignore */
  }
}

if (typeof addEventListener === 'function') addEventListener('pagehide', () => saveEditorText());

// The page's language changes (or its saved language loads after this module): the untouched starter follows it.
useLang.subscribe((s, prev) => {
  if (s.lang === prev.lang) return;
  const { text, setText } = useEditorText.getState();
  if (isUntouchedStarter(text)) setText(starterManifest());
});
