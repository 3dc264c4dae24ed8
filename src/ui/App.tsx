import { useEffect, useState } from 'react';
import { useUi } from '../state/ui';
import { Banners } from './Banners';
import { ClockBar } from './ClockBar';
import { EditorPane } from './EditorPane';
import { BottomPane } from './BottomPane';
import { Inspector } from './Inspector';
import { MainPane } from './MainPane';
import { SplitPane } from './SplitPane';
import { Timeline } from './Timeline';
import { Toasts } from './Toasts';

export function App() {
  const theme = useUi((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  return (
    <div className="app">
      <TopBar />
      <Timeline />
      <Banners />
      <main className="workspace">
        <SplitPane direction="row" initial={0.62} storageKey="main" label="Resize cluster and editor columns">
          <SplitPane direction="column" initial={0.64} storageKey="left" label="Resize cluster view and event log">
            <MainPane />
            <BottomPane />
          </SplitPane>
          <SplitPane direction="column" initial={0.56} storageKey="right" label="Resize editor and inspector">
            <EditorPane />
            <Inspector />
          </SplitPane>
        </SplitPane>
      </main>
      <Toasts />
    </div>
  );
}

function TopBar() {
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const [copied, setCopied] = useState(false);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      prompt('Copy this link:', location.href);
    }
  };
  return (
    <header className="topbar">
      <span className="brand">
        <span className="logo" aria-hidden="true">⎈</span> kubetab
      </span>
      <ClockBar />
      <span className="spacer" />
      <button type="button" onClick={() => void copy()} title="Copy a link that rebuilds this cluster at this time">
        {copied ? 'Copied ✓' : 'Copy link'}
      </button>
      <button type="button" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} title="Toggle theme">
        {theme === 'dark' ? '☀ Light' : '☾ Dark'}
      </button>
    </header>
  );
}
