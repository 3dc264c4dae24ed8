/** Messages across the top: a link that could not be read, a worker that failed. */
import { cluster } from '../state/cluster';
import { useHealth } from '../state/stores';
import { useUi } from '../state/ui';
import { EMPTY_SCENARIO } from '../worker/protocol';

export function Banners() {
  const banners = useUi((s) => s.banners);
  const dismiss = useUi((s) => s.dismissBanner);
  const health = useHealth();
  return (
    <div className="banners">
      {health.status === 'failed' ? (
        <div className="banner error" role="alert">
          <span className="banner-text">
            <strong>The cluster stopped.</strong> {health.message} Your manifest is kept.
          </span>
          <button type="button" className="primary" onClick={() => cluster.rebuild()}>
            Rebuild the cluster from the scenario
          </button>
          <button type="button" onClick={() => cluster.restart(EMPTY_SCENARIO, 0, true)}>
            Start an empty cluster
          </button>
        </div>
      ) : null}
      {banners.map((b) => (
        <div key={b.id} className={`banner ${b.kind}`} role={b.kind === 'error' ? 'alert' : 'status'} data-banner={b.id}>
          <span className="banner-text">{b.message}</span>
          <button type="button" className="small-btn" onClick={() => dismiss(b.id)} aria-label="Dismiss message">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
