/**
 * The editor's squiggles: the buffer is sent to the cluster worker to be checked as a create would
 * check it (validateManifest), a moment after the learner stops typing, and the problems become
 * Monaco markers with the server's own messages.
 */
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { cluster } from '../../state/cluster';
import type { ManifestProblem } from '../../worker/validateManifest';

/** How long the editor waits after the last keystroke before checking. */
export const CHECK_DELAY_MS = 300;
const OWNER = 'kubernetes';

export function markersOf(monaco: typeof Monaco, problems: readonly ManifestProblem[]): Monaco.editor.IMarkerData[] {
  return problems.map((p) => ({
    startLineNumber: p.line,
    startColumn: p.column,
    endLineNumber: p.endLine,
    endColumn: p.endColumn,
    severity: p.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: p.message,
  }));
}

/** Checks the model as it changes; the answer to an older text is dropped. Returns the disposer. */
export function watchProblems(monaco: typeof Monaco, model: Monaco.editor.ITextModel): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  const check = (): void => {
    const version = model.getVersionId();
    const mine = ++asked;
    cluster.validateManifest(model.getValue()).then(
      (problems) => {
        if (mine !== asked || model.isDisposed() || model.getVersionId() !== version) return;
        monaco.editor.setModelMarkers(model, OWNER, markersOf(monaco, problems));
      },
      // A cluster that cannot answer leaves the squiggles as they were; the page says why elsewhere.
      () => undefined,
    );
  };
  const sub = model.onDidChangeContent(() => {
    clearTimeout(timer);
    timer = setTimeout(check, CHECK_DELAY_MS);
  });
  check();
  return () => {
    clearTimeout(timer);
    sub.dispose();
  };
}
