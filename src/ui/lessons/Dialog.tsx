/** A modal dialog (the browser's own: focus kept inside, Escape closes), open while mounted. */
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n';

export function Dialog({ title, onClose, className, children }: { title: string; onClose(): void; className?: string; children: ReactNode }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`lesson-dialog ${className ?? ''}`}
      aria-label={title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="dialog-box">
        <div className="dialog-head">
          <h2>{title}</h2>
          <span className="spacer" />
          <button type="button" className="small-btn" onClick={onClose} aria-label={t('lessons.close')}>
            ✕
          </button>
        </div>
        <div className="dialog-body">{children}</div>
      </div>
    </dialog>
  );
}
