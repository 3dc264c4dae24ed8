/**
 * What the editor shows: the scratch buffer, one of the scenario's files, or an object `kubectl edit`
 * opened. A file's edits go into the scenario (the worker holds it; the link carries it) shortly after
 * typing stops; an edit buffer goes back to the cluster when saved, as kubectl edit sends it.
 */
import { create } from 'zustand';
import { cluster } from '../../state/cluster';
import { useScenario } from '../../state/stores';
import { badFilePath } from '../../scenario/files';
import type { EditBufferMessage } from '../../worker/protocol';

export type OpenBuffer = { kind: 'scratch' } | { kind: 'file'; path: string } | { kind: 'edit'; edit: EditBufferMessage };

/** The answer to the last save of an edit buffer, as kubectl printed it. */
export interface EditResult {
  ref: string;
  ok: boolean;
  text: string;
}

interface FilesState {
  open: OpenBuffer;
  /** the open file's text as typed (it reaches the scenario a moment later) */
  fileText: string;
  /** the edit buffer's text, and the text it opened with */
  editText: string;
  editOriginal: string;
  /** why the last save of the edit buffer was refused (kubectl re-opens the file with it) */
  editError: string;
  saving: boolean;
  editResult: EditResult | null;
}

export const useFiles = create<FilesState>(() => ({ open: { kind: 'scratch' }, fileText: '', editText: '', editOriginal: '', editError: '', saving: false, editResult: null }));

/** Typing stops this long before a file's text goes into the scenario. */
const WRITE_DELAY_MS = 300;
let writeTimer: ReturnType<typeof setTimeout> | undefined;

export function scenarioFiles(): Record<string, string> {
  return { ...(useScenario.getState().scenario?.files ?? {}) };
}

/** The file area replaced: the page's copy at once, the worker's (and so the link's) by message. */
function writeFiles(files: Record<string, string>): void {
  const scenario = useScenario.getState().scenario;
  if (scenario) {
    const next = { ...scenario };
    if (Object.keys(files).length > 0) next.files = files;
    else delete next.files;
    useScenario.setState({ scenario: next });
  }
  cluster.setFiles(files);
}

/** A pending write of the open file goes now (before another buffer opens, or the page leaves). */
export function flushFileText(): void {
  if (writeTimer === undefined) return;
  clearTimeout(writeTimer);
  writeTimer = undefined;
  const { open, fileText } = useFiles.getState();
  if (open.kind !== 'file') return;
  const files = scenarioFiles();
  if (files[open.path] === fileText) return;
  writeFiles({ ...files, [open.path]: fileText });
}

export function openScratch(): void {
  flushFileText();
  useFiles.setState({ open: { kind: 'scratch' } });
}

export function openFile(path: string): void {
  flushFileText();
  useFiles.setState({ open: { kind: 'file', path }, fileText: scenarioFiles()[path] ?? '' });
}

export function setFileText(text: string): void {
  useFiles.setState({ fileText: text });
  if (writeTimer !== undefined) clearTimeout(writeTimer);
  writeTimer = setTimeout(flushFileText, WRITE_DELAY_MS);
}

/** Why a name cannot be a new (or renamed) file's, as a catalogue key with its value; undefined when it can. */
export function nameProblem(path: string, except?: string): { key: 'files.badPath' | 'files.exists' | 'files.clash'; detail: string } | undefined {
  const bad = badFilePath(path);
  if (bad) return { key: 'files.badPath', detail: bad };
  const others = Object.keys(scenarioFiles()).filter((p) => p !== except);
  if (others.includes(path)) return { key: 'files.exists', detail: path };
  const clash = others.find((p) => p.startsWith(`${path}/`) || path.startsWith(`${p}/`));
  if (clash) return { key: 'files.clash', detail: clash };
  return undefined;
}

export function newFile(path: string, text = ''): void {
  flushFileText();
  writeFiles({ ...scenarioFiles(), [path]: text });
  useFiles.setState({ open: { kind: 'file', path }, fileText: text });
}

export function renameFile(from: string, to: string): void {
  flushFileText();
  const files = scenarioFiles();
  const text = files[from] ?? '';
  // The file keeps its place in the list's order (sorted by path), under its new name.
  delete files[from];
  writeFiles({ ...files, [to]: text });
  const open = useFiles.getState().open;
  if (open.kind === 'file' && open.path === from) useFiles.setState({ open: { kind: 'file', path: to } });
}

export function deleteFile(path: string): void {
  flushFileText();
  const files = scenarioFiles();
  delete files[path];
  writeFiles(files);
  const open = useFiles.getState().open;
  if (open.kind === 'file' && open.path === path) useFiles.setState({ open: { kind: 'scratch' } });
}

/** `kubectl edit` opened an object: the editor shows its buffer until it is saved or closed. */
export function openEdit(edit: EditBufferMessage): void {
  flushFileText();
  useFiles.setState({ open: { kind: 'edit', edit }, editText: edit.yaml, editOriginal: edit.yaml, editError: '', editResult: null });
}

export function setEditText(text: string): void {
  useFiles.setState({ editText: text });
}

/** Closing without saving: kubectl's answer for a file saved unchanged. */
export function closeEdit(): void {
  const open = useFiles.getState().open;
  if (open.kind !== 'edit') return;
  useFiles.setState({ open: { kind: 'scratch' }, editError: '', editResult: { ref: open.edit.ref, ok: true, text: 'Edit cancelled, no changes made.' } });
}

/** Saves the edit buffer: done (edited, skipped, cancelled) closes it; a refusal keeps it open with kubectl's words. */
export async function saveEdit(): Promise<void> {
  const s = useFiles.getState();
  if (s.open.kind !== 'edit' || s.saving) return;
  const edit = s.open.edit;
  useFiles.setState({ saving: true });
  try {
    const r = await cluster.editSave(edit, s.editOriginal, s.editText);
    const text = (r.stdout + r.stderr).trimEnd();
    if (r.exitCode === 0) useFiles.setState({ open: { kind: 'scratch' }, editError: '', editResult: { ref: edit.ref, ok: true, text } });
    else useFiles.setState({ editError: text, editResult: null });
  } catch (e) {
    useFiles.setState({ editError: e instanceof Error ? e.message : String(e) });
  } finally {
    useFiles.setState({ saving: false });
  }
}

// The page is kubectl edit's editor.
cluster.onEdit(openEdit);

// Another story loaded (a link, a lesson): a file it does not hold closes; one it holds shows its text.
useScenario.subscribe((s, prev) => {
  if (s.scenario === prev.scenario) return;
  const open = useFiles.getState().open;
  if (open.kind !== 'file' || writeTimer !== undefined) return;
  const text = s.scenario?.files?.[open.path];
  if (text === undefined) useFiles.setState({ open: { kind: 'scratch' } });
  else if (text !== useFiles.getState().fileText) useFiles.setState({ fileText: text });
});

if (typeof addEventListener === 'function') addEventListener('pagehide', () => flushFileText());
