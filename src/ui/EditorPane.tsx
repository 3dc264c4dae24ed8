/** The manifest editor with its Apply button and the per-document results of the last apply. */
import { Component, lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { cluster } from '../state/cluster';
import { useClock, useHealth } from '../state/stores';
import { saveEditorText, useEditorText, useUi } from '../state/ui';
import { clockTime } from './format';
import { useT } from './i18n';
import { afterFirstNode } from './cluster/firstPaint';
import { SnippetsMenu } from './editor/SnippetsMenuLazy';
import { FileList } from './files/FileList';
import { closeEdit, saveEdit, setEditText, setFileText, useFiles } from './files/store';

const MonacoEditor = lazy(() => import('./MonacoEditor'));
/** If no node is drawn by then (another view is open, the cluster is slow to build), the editor loads anyway. */
const EDITOR_LATEST_MS = 4000;

let editorWanted = false;
/**
 * Whether Monaco may load: only once the cluster is on screen (and the page idle), or as soon as the
 * reader reaches for the editor — its 3 MB must not compete with what draws the cluster.
 */
function useEditorWanted(): [boolean, () => void] {
  const [wanted, setWanted] = useState(editorWanted);
  const want = useCallback(() => {
    editorWanted = true;
    setWanted(true);
  }, []);
  useEffect(() => {
    if (wanted) return;
    let gone = false;
    const go = (): void => {
      if (!gone) want();
    };
    const idle = (): void => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: 1000 });
      else setTimeout(go, 200);
    };
    afterFirstNode(idle);
    const latest = setTimeout(go, EDITOR_LATEST_MS);
    return () => {
      gone = true;
      clearTimeout(latest);
    };
  }, [wanted, want]);
  return [wanted, want];
}

/** Applies what the editor shows: the scratch buffer, or the open file. */
export async function applyEditor(): Promise<void> {
  const ui = useUi.getState();
  if (ui.applying) return;
  const files = useFiles.getState();
  const text = files.open.kind === 'file' ? files.fileText : useEditorText.getState().text;
  if (files.open.kind === 'scratch') saveEditorText(text);
  useUi.setState({ applying: true });
  // Apply's results take the place of the last edit's answer.
  useFiles.setState({ editResult: null });
  const atMs = useClock.getState().nowMs;
  try {
    const r = await cluster.apply(text);
    // No documents and no word from kubectl: the message is the page's own, shown in the page's language.
    const outcomes = r.outcomes.length ? r.outcomes : [{ ref: '', outcome: 'error' as const, message: r.stderr.trim() }];
    useUi.setState({ applyResult: { outcomes, atMs } });
  } catch (e) {
    useUi.setState({ applyResult: { outcomes: [], failure: e instanceof Error ? e.message : String(e), atMs } });
  } finally {
    useUi.setState({ applying: false });
  }
}

export function EditorPane() {
  const t = useT();
  const scratch = useEditorText((s) => s.text);
  const setScratch = useEditorText((s) => s.setText);
  const open = useFiles((s) => s.open);
  const fileText = useFiles((s) => s.fileText);
  const editText = useFiles((s) => s.editText);
  const saving = useFiles((s) => s.saving);
  const editing = open.kind === 'edit';
  const text = open.kind === 'file' ? fileText : editing ? editText : scratch;
  const setText = open.kind === 'file' ? setFileText : editing ? setEditText : setScratch;
  const theme = useUi((s) => s.theme);
  const applying = useUi((s) => s.applying);
  const failed = useHealth((s) => s.status === 'failed');
  const onApply = useCallback(() => void applyEditor(), []);
  const onSave = useCallback(() => void saveEdit(), []);
  const [editorLoads, wantEditor] = useEditorWanted();
  const waiting = (
    <pre className="editor-loading" aria-busy="true" tabIndex={0} aria-label={t('editor.label')} onFocus={wantEditor} onPointerDown={wantEditor}>
      {text}
    </pre>
  );

  return (
    <section className="editor-pane" aria-label={t('editor.label')}>
      <div className="pane-head">
        <h2>{editing ? t('files.editing', { ref: open.edit.ref }) : open.kind === 'file' ? open.path : t('editor.title')}</h2>
        <span className="muted small hide-narrow">{editing ? '' : t('editor.shortcut')}</span>
        <span className="spacer" />
        {editing ? (
          <>
            <button type="button" onClick={closeEdit} disabled={saving}>
              {t('files.close')}
            </button>
            <button type="button" className="primary" onClick={onSave} disabled={saving || failed} aria-keyshortcuts="Control+Enter Meta+Enter">
              {saving ? t('files.saving') : t('files.save')}
            </button>
          </>
        ) : (
          <>
            <SnippetsMenu />
            <button type="button" className="primary" onClick={onApply} disabled={applying || failed} aria-keyshortcuts="Control+Enter Meta+Enter">
              {t('editor.apply')}
            </button>
          </>
        )}
      </div>
      <div className="editor-body">
        <FileList />
        <div className="editor-box">
          <EditorBoundary fallback={<PlainEditor text={text} onChange={setText} onApply={editing ? onSave : onApply} />}>
            {editorLoads ? (
              <Suspense fallback={waiting}>
                <MonacoEditor value={text} theme={theme} onChange={setText} onApply={editing ? onSave : onApply} />
              </Suspense>
            ) : (
              waiting
            )}
          </EditorBoundary>
        </div>
      </div>
      {editing ? <EditError /> : <EditResultOrApply />}
    </section>
  );
}

/** If Monaco cannot load, a plain text area keeps the page usable. */
class EditorBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function PlainEditor({ text, onChange, onApply }: { text: string; onChange(t: string): void; onApply(): void }) {
  const t = useT();
  return (
    <textarea
      className="plain-editor"
      value={text}
      spellCheck={false}
      aria-label={t('editor.plainLabel')}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          onApply();
        }
      }}
    />
  );
}

/** An edit buffer the save refused: kubectl's words above it, as kubectl re-opens the file with them. */
function EditError() {
  const t = useT();
  const error = useFiles((s) => s.editError);
  return (
    <div className="apply-results" role="status" aria-live="polite" data-testid="edit-result">
      {error ? <div className="result error mono pre">{error}</div> : <div className="muted small">{t('files.editHint')}</div>}
    </div>
  );
}

/** The last edit's answer until something is applied; then Apply's results. */
function EditResultOrApply() {
  const t = useT();
  const result = useFiles((s) => s.editResult);
  const applying = useUi((s) => s.applying);
  if (!result || applying) return <ApplyResults />;
  return (
    <div className="apply-results" role="status" aria-live="polite" data-testid="edit-result">
      <div className="muted small">{t('files.editResult', { ref: result.ref })}</div>
      <ul>
        <li className={`result ${result.ok ? 'created' : 'error'}`}>
          <span aria-hidden="true" className="result-mark">{result.ok ? '✓' : '✗'}</span>
          <span className="mono">{result.text}</span>
        </li>
      </ul>
    </div>
  );
}

function ApplyResults() {
  const t = useT();
  const result = useUi((s) => s.applyResult);
  const applying = useUi((s) => s.applying);
  if (applying) return <div className="apply-results muted" role="status">{t('editor.applying')}</div>;
  if (!result) return <div className="apply-results muted small" role="status">{t('editor.resultsHere')}</div>;
  return (
    <div className="apply-results" role="status" aria-live="polite" data-testid="apply-results">
      <div className="muted small">{t('editor.appliedAt', { at: clockTime(result.atMs) })}</div>
      {result.failure ? <div className="result error">{result.failure}</div> : null}
      <ul>
        {result.outcomes.map((o, i) => (
          <li key={i} className={`result ${o.outcome}`} data-outcome={o.outcome}>
            <span aria-hidden="true" className="result-mark">{o.outcome === 'error' ? '✗' : o.outcome === 'warning' ? '⚠' : '✓'}</span>
            <span className="mono">{o.message === '' && o.ref === '' ? t('editor.nothingToApply') : o.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
