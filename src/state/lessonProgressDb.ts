/**
 * Lesson progress kept in the browser: IndexedDB database `kubetab`, store `lessonProgress`, one record
 * per lesson name. Where IndexedDB is unavailable (a private window, a blocked origin) progress is
 * simply not kept: every call succeeds with nothing.
 */
import { create } from 'zustand';

export interface LessonRecord {
  name: string;
  /** ids of the goals ever met (at any moment the student reached) */
  goalsMet: string[];
  completed: boolean;
  /** when the lesson was first completed (wall clock, ms since the epoch) */
  completedAt?: number;
  /** when the record last changed */
  updatedAt: number;
}

const DB = 'kubetab';
const STORE = 'lessonProgress';
const VERSION = 1;

let opening: Promise<IDBDatabase | null> | undefined;

function openDb(): Promise<IDBDatabase | null> {
  return (opening ??= new Promise<IDBDatabase | null>((resolve) => {
    try {
      if (typeof indexedDB === 'undefined') return resolve(null);
      const req = indexedDB.open(DB, VERSION);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'name' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
      req.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  }));
}

function done<T>(req: IDBRequest<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(undefined);
  });
}

/** Every lesson's record, by name (empty without IndexedDB). */
export async function readAll(): Promise<Map<string, LessonRecord>> {
  const db = await openDb();
  if (!db) return new Map();
  try {
    const all = (await done(db.transaction(STORE, 'readonly').objectStore(STORE).getAll())) as LessonRecord[] | undefined;
    return new Map((all ?? []).map((r) => [r.name, r]));
  } catch {
    return new Map();
  }
}

async function put(r: LessonRecord): Promise<void> {
  const db = await openDb();
  if (!db) return;
  try {
    await done(db.transaction(STORE, 'readwrite').objectStore(STORE).put(r));
  } catch {
    /* not kept */
  }
}

/** The records as the page knows them (read once, then kept in step with what it writes). */
export const useLessonRecords = create<{ records: ReadonlyMap<string, LessonRecord>; read: boolean }>(() => ({ records: new Map(), read: false }));

let reading: Promise<void> | undefined;
/** Reads the records once (the menu and the recorder call it). */
export function readRecords(): Promise<void> {
  return (reading ??= readAll().then((records) => {
    // Anything recorded while reading wins over what was stored.
    const now = useLessonRecords.getState().records;
    useLessonRecords.setState({ records: new Map([...records, ...now]), read: true });
  }));
}

/** Adds goals met (and completion) to a lesson's record; returns whether anything changed. */
export function record(name: string, met: readonly string[], complete: boolean, nowMs: number): boolean {
  const prev = useLessonRecords.getState().records.get(name);
  const goals = new Set(prev?.goalsMet ?? []);
  for (const id of met) goals.add(id);
  const completed = (prev?.completed ?? false) || complete;
  if (prev && goals.size === prev.goalsMet.length && completed === prev.completed) return false;
  const next: LessonRecord = { name, goalsMet: [...goals].sort(), completed, updatedAt: nowMs, ...(prev?.completedAt !== undefined ? { completedAt: prev.completedAt } : completed ? { completedAt: nowMs } : {}) };
  const records = new Map(useLessonRecords.getState().records);
  records.set(name, next);
  useLessonRecords.setState({ records });
  void put(next);
  return true;
}
