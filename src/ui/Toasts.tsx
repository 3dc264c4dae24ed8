/**
 * Short messages in the corner: the result of each fault the learner injected. Each goes away by itself
 * (errors after longer), waits while the pointer is on it or focus is in it, and can be closed.
 */
import { useUi } from '../state/ui';
import { useT } from './i18n';

export function Toasts() {
  const tr = useT();
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismissToast);
  const hold = useUi((s) => s.holdToast);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast ${t.kind}`}
          data-toast={t.kind}
          onMouseEnter={() => hold(t.id, 'hover', true)}
          onMouseLeave={() => hold(t.id, 'hover', false)}
          onFocus={() => hold(t.id, 'focus', true)}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) hold(t.id, 'focus', false);
          }}
        >
          <span>{t.message}</span>
          <button type="button" className="small-btn" onClick={() => dismiss(t.id)} aria-label={tr('frame.dismiss')}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
