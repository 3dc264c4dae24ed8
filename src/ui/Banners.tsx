/** Messages across the top: a link that could not be read, a worker that failed. */
import { cluster } from '../state/cluster';
import { useHealth } from '../state/stores';
import { useUi } from '../state/ui';
import { EMPTY_SCENARIO } from '../worker/protocol';
import { useT } from './i18n';

export function Banners() {
  const t = useT();
  const banners = useUi((s) => s.banners);
  const dismiss = useUi((s) => s.dismissBanner);
  const health = useHealth();
  return (
    <div className="banners">
      {health.status === 'failed' ? (
        <div className="banner error" role="alert">
          <span className="banner-text">
            <strong>{t('frame.clusterStopped')}</strong> {health.note ? t(health.note.key, health.note.params) : health.message} {t('frame.manifestKept')}
          </span>
          <button type="button" className="primary" onClick={() => cluster.rebuild()}>
            {t('frame.rebuild')}
          </button>
          <button type="button" onClick={() => cluster.restart(EMPTY_SCENARIO, 0, true)}>
            {t('frame.startEmpty')}
          </button>
        </div>
      ) : null}
      {banners.map((b) => (
        <div key={b.id} className={`banner ${b.kind}`} role={b.kind === 'error' ? 'alert' : 'status'} data-banner={b.id}>
          <span className="banner-text">{b.note ? t(b.note.key, b.reason ? { ...b.note.params, error: t(b.reason.key, b.reason.params) } : b.note.params) : b.message}</span>
          <button type="button" className="small-btn" onClick={() => dismiss(b.id)} aria-label={t('frame.dismissMessage')}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
