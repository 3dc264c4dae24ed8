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
import { LANGS, LANG_NAMES, useLang, useT } from './i18n';
import type { Lang } from './i18n';
import { LessonSlot, LessonsButton } from './lessons/entry';

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
          <div className="right-column">
            <LessonSlot />
            <SplitPane direction="column" initial={0.56} storageKey="right" label="Resize editor and inspector">
              <EditorPane />
              <Inspector />
            </SplitPane>
          </div>
        </SplitPane>
      </main>
      <Toasts />
    </div>
  );
}

function TopBar() {
  const t = useT();
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const [copied, setCopied] = useState(false);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      prompt(t('common.copyPrompt'), location.href);
    }
  };
  return (
    <header className="topbar">
      <span className="brand">
        <span className="logo" aria-hidden="true">⎈</span> kubetab
      </span>
      <ClockBar />
      <span className="spacer" />
      <LessonsButton />
      <button type="button" onClick={() => void copy()} title={t('common.copyLinkTitle')}>
        {copied ? t('common.copied') : t('common.copyLink')}
      </button>
      <LanguageSwitch />
      <button type="button" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={theme === 'dark' ? t('common.switchToLight') : t('common.switchToDark')} title={t('common.themeTitle')}>
        {theme === 'dark' ? t('common.themeLight') : t('common.themeDark')}
      </button>
    </header>
  );
}

function LanguageSwitch() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const setLang = useLang((s) => s.setLang);
  return (
    <select className="lang-switch" value={lang} onChange={(e) => void setLang(e.target.value as Lang)} aria-label={t('common.language')} title={t('common.languageTitle')}>
      {LANGS.map((l) => (
        <option key={l} value={l} lang={l}>
          {LANG_NAMES[l]}
        </option>
      ))}
    </select>
  );
}
