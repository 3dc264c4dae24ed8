/**
 * A bar under the time bar while the worker rebuilds the cluster for longer than a moment (a big
 * scenario opening, a rewind replaying its story): how far virtual time has got, and how many nodes are
 * Ready — the page is alive, the cluster on its way.
 */
import { useBuild } from '../state/stores';
import { clockTime } from './format';
import { useT } from './i18n';

export function BuildProgress() {
  const t = useT();
  const p = useBuild((s) => s.progress);
  if (!p) return null;
  const pct = p.targetMs > 0 ? Math.min(100, Math.round((p.atMs / p.targetMs) * 100)) : 0;
  return (
    <div className="build-progress" role="status" data-testid="build-progress">
      <span className="build-text">
        {t('cluster.building', { at: clockTime(p.atMs), target: clockTime(p.targetMs) })}
        {p.nodes > 0 ? <span className="muted"> · {t('cluster.buildingNodes', { ready: p.nodesReady, nodes: p.nodes })}</span> : null}
      </span>
      <span className="bar build-bar" role="progressbar" aria-label={t('cluster.buildingBar')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span className="bar-fill" style={{ width: `${pct}%` }} />
      </span>
    </div>
  );
}
