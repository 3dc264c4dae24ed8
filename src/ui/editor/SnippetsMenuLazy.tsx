/**
 * The Snippets menu button as the editor pane's toolbar holds it: the menu and its labels load with
 * the editor, not with the page's first chunk (the button appears a moment after the pane).
 */
import { lazy, Suspense } from 'react';

const Menu = lazy(() => import('./SnippetsMenu').then((m) => ({ default: m.SnippetsMenu })));

export function SnippetsMenu() {
  return (
    <Suspense fallback={null}>
      <Menu />
    </Suspense>
  );
}
