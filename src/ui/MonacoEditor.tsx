/**
 * Monaco, loaded lazily (this module is only reached through a dynamic import): the standalone
 * editor API, a few editing contributions, the basic YAML highlighting, and the Kubernetes language
 * service (completion and hover from the API's schema, squiggles from the API server's own checks,
 * ready-made manifests at the start of an empty document).
 */
import { useEffect, useRef } from 'react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/yaml/register';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/features/find/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { Theme } from '../state/ui';
import { usePresentation } from '../state/presentation';

/** The editor's type in pixels (Monaco does not follow CSS): larger in presentation mode, as the page's. */
const FONT = { normal: { fontSize: 15, lineHeight: 22 }, present: { fontSize: 19, lineHeight: 28 } };
import { translate, useLang } from './i18n';
import { setUpKubernetesYaml } from './editor/kubernetesYaml';
import { watchProblems } from './editor/problems';
import { registerSnippetCompletions } from './editor/snippetCompletions';
import { setSnippetTarget } from './editor/snippetList';
import { withSnippet } from './editor/snippets';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export interface MonacoEditorProps {
  value: string;
  theme: Theme;
  onChange(text: string): void;
  onApply(): void;
}

export default function MonacoEditor({ value, theme, onChange, onApply }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef({ onChange, onApply });
  latest.current = { onChange, onApply };

  useEffect(() => {
    const el = host.current!;
    // Hovers and the completion list are drawn outside the pane: it contains its layout (CSS
    // `contain`), which would clip them at its edges. The class carries Monaco's theme variables.
    const overflow = document.createElement('div');
    overflow.className = 'monaco-editor monaco-overflow';
    overflow.style.cssText = 'position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 50;';
    document.body.appendChild(overflow);
    const ed = monaco.editor.create(el, {
      value,
      language: 'yaml',
      theme: theme === 'dark' ? 'vs-dark' : 'vs',
      automaticLayout: true,
      minimap: { enabled: false },
      ...FONT[usePresentation.getState().on ? 'present' : 'normal'],
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      renderLineHighlight: 'line',
      ariaLabel: translate('editor.monacoLabel'),
      accessibilitySupport: 'auto',
      fixedOverflowWidgets: true,
      overflowWidgetsDomNode: overflow,
    });
    editor.current = ed;
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onApply());
    const sub = ed.onDidChangeModelContent(() => latest.current.onChange(ed.getValue()));
    const model = ed.getModel()!;
    const stopProblems = watchProblems(monaco, model);
    registerSnippetCompletions(monaco);
    // A snippet from the toolbar's menu goes in as one undoable edit, and the editor shows where.
    setSnippetTarget((yaml) => {
      const before = model.getValue();
      const { text, startLine } = withSnippet(before, yaml);
      const end = model.getFullModelRange().getEndPosition();
      const appended = text.startsWith(before);
      const range = appended ? new monaco.Range(end.lineNumber, end.column, end.lineNumber, end.column) : model.getFullModelRange();
      ed.executeEdits('snippets', [{ range, text: appended ? text.slice(before.length) : text }]);
      ed.setPosition({ lineNumber: startLine, column: 1 });
      ed.revealLineNearTop(startLine);
      ed.focus();
    });
    el.dataset.ready = 'true';
    void setUpKubernetesYaml(monaco).then(() => {
      el.dataset.schema = 'ready';
    });
    return () => {
      setSnippetTarget(undefined);
      stopProblems();
      sub.dispose();
      ed.getModel()?.dispose();
      ed.dispose();
      overflow.remove();
      editor.current = null;
    };
    // The editor is created once; later value changes come from the editor itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The editor keeps its accessible name itself: a new language gives it the new one.
  const lang = useLang((s) => s.lang);
  useEffect(() => {
    editor.current?.updateOptions({ ariaLabel: translate('editor.monacoLabel') });
  }, [lang]);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  const present = usePresentation((s) => s.on);
  useEffect(() => {
    editor.current?.updateOptions(FONT[present ? 'present' : 'normal']);
  }, [present]);

  // Text set from outside (e.g. a restore) replaces the model's text.
  useEffect(() => {
    const ed = editor.current;
    if (ed && ed.getValue() !== value) ed.setValue(value);
  }, [value]);

  return <div ref={host} className="monaco-host" data-testid="editor" />;
}
