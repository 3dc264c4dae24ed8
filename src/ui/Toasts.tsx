/** Short messages in the corner: the result of each fault the learner injected. */
import { useUi } from '../state/ui';
import { useT } from './i18n';

export function Toasts() {
  const tr = useT();
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismissToast);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} data-toast={t.kind}>
          <span>{t.message}</span>
          <button type="button" className="small-btn" onClick={() => dismiss(t.id)} aria-label={tr('frame.dismiss')}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
