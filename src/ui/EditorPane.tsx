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

export async function applyEditor(): Promise<void> {
  const ui = useUi.getState();
  if (ui.applying) return;
  const text = useEditorText.getState().text;
  saveEditorText(text);
  useUi.setState({ applying: true });
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
  const text = useEditorText((s) => s.text);
  const setText = useEditorText((s) => s.setText);
  const theme = useUi((s) => s.theme);
  const applying = useUi((s) => s.applying);
  const failed = useHealth((s) => s.status === 'failed');
  const onApply = useCallback(() => void applyEditor(), []);
  const [editorLoads, wantEditor] = useEditorWanted();
  const waiting = (
    <pre className="editor-loading" aria-busy="true" tabIndex={0} aria-label={t('editor.label')} onFocus={wantEditor} onPointerDown={wantEditor}>
      {text}
    </pre>
  );

  return (
    <section className="editor-pane" aria-label={t('editor.label')}>
      <div className="pane-head">
        <h2>{t('editor.title')}</h2>
        <span className="muted small hide-narrow">{t('editor.shortcut')}</span>
        <span className="spacer" />
        <SnippetsMenu />
        <button type="button" className="primary" onClick={onApply} disabled={applying || failed} aria-keyshortcuts="Control+Enter Meta+Enter">
          {t('editor.apply')}
        </button>
      </div>
      <div className="editor-box">
        <EditorBoundary fallback={<PlainEditor text={text} onChange={setText} onApply={onApply} />}>
          {editorLoads ? (
            <Suspense fallback={waiting}>
              <MonacoEditor value={text} theme={theme} onChange={setText} onApply={onApply} />
            </Suspense>
          ) : (
            waiting
          )}
        </EditorBoundary>
      </div>
      <ApplyResults />
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
