/**
 * The header's `?` button, and the `?` key anywhere the focus is not typing: both open the help. The
 * dialog and its texts are a separate download, fetched the first time the help opens.
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';

const HelpDialog = lazy(() => import('./HelpDialog'));

/** True when a key press there types text (or is Monaco's), so `?` is a character, not the help. */
function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && !!target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .monaco-editor');
}

export function HelpButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || e.repeat || typing(e.target)) return;
      e.preventDefault();
      setOpen(true);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  // Focus goes back to the button once the dialog has gone (while it is open, the page behind is inert).
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) wasOpen.current = true;
    else if (wasOpen.current) {
      wasOpen.current = false;
      button.current?.focus();
    }
  }, [open]);
  const close = (): void => setOpen(false);

  return (
    <>
      <button ref={button} type="button" className="help-button icon-btn" onClick={() => setOpen(true)} aria-label={t('help.open')} title={t('help.openTitle')} data-tip={t('help.open')} aria-keyshortcuts="?" aria-haspopup="dialog" data-testid="help-button">
        ?
      </button>
      {open ? (
        <Suspense fallback={<span className="muted small">{t('help.loading')}</span>}>
          <HelpDialog onClose={close} />
        </Suspense>
      ) : null}
    </>
  );
}
