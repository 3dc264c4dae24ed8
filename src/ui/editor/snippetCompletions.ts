/**
 * The ready-made manifests as completions: offered where a document is still empty (the start of
 * the buffer, or after a `---`), so typing `Dep` and Tab at the top of a new document writes a Deployment.
 */
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { translate } from '../i18n';
import { SNIPPET_KINDS } from './snippetList';
import { SNIPPETS } from './snippets';

/** Whether the document around `line` holds nothing but the word being typed on that line. */
export function inEmptyDocument(lines: readonly string[], line: number): boolean {
  const blank = (l: string): boolean => l.trim() === '' || l.trimStart().startsWith('#');
  if (!/^\s*[A-Za-z]*\s*$/.test(lines[line - 1] ?? '')) return false;
  for (let i = line - 2; i >= 0 && !lines[i]!.startsWith('---'); i--) if (!blank(lines[i]!)) return false;
  for (let i = line; i < lines.length && !lines[i]!.startsWith('---'); i++) if (!blank(lines[i]!)) return false;
  return true;
}

let registered = false;

export function registerSnippetCompletions(monaco: typeof Monaco): void {
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('yaml', {
    provideCompletionItems(model, position) {
      if (!inEmptyDocument(model.getLinesContent(), position.lineNumber)) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      return {
        suggestions: SNIPPET_KINDS.map(([id, kinds], i) => ({
          label: { label: kinds, description: translate(`editor.snippet.${id}`) },
          kind: monaco.languages.CompletionItemKind.Snippet,
          insertText: SNIPPETS.find((s) => s.id === id)!.yaml,
          documentation: { value: '```yaml\n' + SNIPPETS.find((s) => s.id === id)!.yaml + '```' },
          range,
          sortText: `0${i}`,
        })),
      };
    },
  });
}
