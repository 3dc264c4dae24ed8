/**
 * The editor toolbar's Snippets menu: a ready-made manifest added to the buffer (in the open editor at
 * its end, as a new document, undoable). The manifests load when one is chosen, not with the page.
 */
import { Menu } from '../Menu';
import type { MenuItem } from '../Menu';
import { useEditorText } from '../../state/ui';
import { useT } from '../i18n';
import { SNIPPET_KINDS, snippetTarget } from './snippetList';
import type { SnippetId } from './snippetList';

async function insertSnippet(id: SnippetId): Promise<void> {
  const { SNIPPETS, withSnippet } = await import('./snippets');
  const yaml = SNIPPETS.find((s) => s.id === id)!.yaml;
  const target = snippetTarget();
  if (target) return target(yaml);
  const { text, setText } = useEditorText.getState();
  setText(withSnippet(text, yaml).text);
}

export function SnippetsMenu() {
  const t = useT();
  const items: MenuItem[] = SNIPPET_KINDS.map(([id, kinds]) => ({ label: kinds, hint: t(`editor.snippet.${id}`), onSelect: () => void insertSnippet(id) }));
  return (
    <Menu label={t('editor.snippetsTitle')} title={t('editor.snippetsMenu')} items={items} className="menu-btn snippets-btn">
      {t('editor.snippets')}
    </Menu>
  );
}
