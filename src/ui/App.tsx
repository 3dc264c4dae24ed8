import { useEffect, useState } from 'react';
import { useUi } from '../state/ui';
import { flushAddressBar } from '../state/addressBar';
import { Banners } from './Banners';
import { BuildProgress } from './BuildProgress';
import { ClockBar } from './ClockBar';
import { EditorPane } from './EditorPane';
import { BottomPane } from './BottomPane';
import { Inspector } from './Inspector';
import { MainPane } from './MainPane';
import { SplitPane } from './SplitPane';
import { Timeline } from './Timeline';
import { Toasts } from './Toasts';
import { HelpButton } from './help/HelpButton';
import { LANGS, LANG_NAMES, useLang, useT } from './i18n';
import type { Lang } from './i18n';
import { typesText, usePresentation } from '../state/presentation';
import { CheckIcon, GlobeIcon, LinkIcon, MoonIcon, PresentIcon, SunIcon } from './icons';

/** Below this width the side column starts wider, so the editor is not cramped (the split is kept once moved). */
const NARROW_PX = 1400;
import { LessonSlot, LessonsButton } from './lessons/entry';

export function App() {
  const t = useT();
  const theme = useUi((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  const present = usePresentation((s) => s.on);
  useEffect(() => {
    if (present) document.documentElement.dataset.present = '';
    else delete document.documentElement.dataset.present;
  }, [present]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.key !== 'p' && e.key !== 'P') || e.ctrlKey || e.metaKey || e.altKey || e.repeat || typesText(e.target)) return;
      e.preventDefault();
      usePresentation.getState().toggle();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  const narrow = typeof innerWidth === 'number' && innerWidth < NARROW_PX;

  return (
    <div className="app">
      <TopBar />
      <Timeline />
      <BuildProgress />
      <Banners />
      <main className="workspace">
        <SplitPane direction="row" initial={narrow ? 0.6 : 0.62} storageKey="main" label={t('frame.resizeColumns')} collapsible={{ collapse: t('classroom.collapseSide'), restore: t('classroom.restoreSide'), restoreTitle: t('classroom.restoreSideTitle') }}>
          <SplitPane direction="column" initial={0.64} storageKey="left" label={t('frame.resizeLeft')} collapsible={{ collapse: t('classroom.collapseBottom'), restore: t('classroom.restoreBottom'), restoreTitle: t('classroom.restoreBottomTitle') }}>
            <MainPane />
            <BottomPane />
          </SplitPane>
          <div className="right-column">
            <LessonSlot />
            <SplitPane direction="column" initial={0.56} storageKey="right" label={t('frame.resizeRight')}>
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

/**
 * One row at 1280 px, in both languages and in presentation mode: the clock and Lessons keep their words;
 * the secondary controls (link, presentation, help, theme) are icons whose names show as a tooltip on
 * hover (title) and on keyboard focus (data-tip), and the step story takes whatever width is left.
 */
function TopBar() {
  const t = useT();
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const [copied, setCopied] = useState(false);
  const copy = async (): Promise<void> => {
    flushAddressBar();
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      prompt(t('common.copyPrompt'), location.href);
    }
  };
  const themeName = theme === 'dark' ? t('common.switchToLight') : t('common.switchToDark');
  return (
    <header className="topbar">
      <span className="brand">
        <span className="logo" aria-hidden="true">⎈</span> <span className="brand-name">kubetab</span>
      </span>
      <ClockBar />
      <span className="spacer" />
      <LessonsButton />
      <span className="tip-anchor">
        <button type="button" className="icon-btn" onClick={() => void copy()} aria-label={t('common.copyLink')} title={t('common.copyLinkTitle')} data-tip={t('common.copyLink')}>
          {copied ? <CheckIcon /> : <LinkIcon />}
        </button>
        {/* the icon does not say it worked: this does, to the eye and to a screen reader */}
        <span role="status" className={copied ? 'tip-bubble shown' : 'tip-bubble'}>
          {copied ? t('common.copied') : ''}
        </span>
      </span>
      <PresentToggle />
      <LanguageSwitch />
      <HelpButton />
      <button type="button" className="icon-btn" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={themeName} title={t('common.themeTitle')} data-tip={themeName}>
        {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
      </button>
    </header>
  );
}

function PresentToggle() {
  const t = useT();
  const on = usePresentation((s) => s.on);
  const toggle = usePresentation((s) => s.toggle);
  return (
    <button type="button" className={`icon-btn present-btn${on ? ' on' : ''}`} aria-pressed={on} onClick={toggle} aria-label={t('classroom.present')} title={t('classroom.presentTitle')} data-tip={t('classroom.present')} aria-keyshortcuts="P">
      <PresentIcon />
    </button>
  );
}

/** The switch shows a language's short name; its list, each language's own name (neither is translated). */
const LANG_SHORT: Record<Lang, string> = { en: 'EN', 'zh-CN': '中文' };

/** A native select (keyboard, screen readers and the system's list for free), laid invisibly over its compact face. */
function LanguageSwitch() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const setLang = useLang((s) => s.setLang);
  return (
    <span className="lang-switch" data-tip={t('common.language')}>
      <span className="lang-face" aria-hidden="true">
        <GlobeIcon /> {LANG_SHORT[lang]}
      </span>
      <select value={lang} onChange={(e) => void setLang(e.target.value as Lang)} aria-label={t('common.language')} title={t('common.languageTitle')}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
