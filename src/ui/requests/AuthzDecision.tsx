/**
 * A request's authorization decision in the detail pane: allowed by which binding, role and rule, or
 * Forbidden and the bindings RBAC looked at; with the two audit annotations kube-apiserver writes.
 */
import type { AuthzExplanation } from '../../worker/protocol';
import { useT } from '../i18n';
import { authzText } from './authzText';

export function AuthzDecision({ authz }: { authz: AuthzExplanation }) {
  const t = useT();
  const w = authzText(authz, t);
  return (
    <div className="req-authz" data-testid="req-authz" data-decision={authz.decision}>
      <h4>{t('requests.authz.head')}</h4>
      <p className={`small net-verdict ${w.allowed ? 'ok' : 'bad'}`} data-testid="req-authz-headline">
        {w.headline}
      </p>
      {w.rule && <p className="small mono req-authz-rule">{w.rule}</p>}
      {w.reason && <p className="small">{t('requests.authz.reason', { reason: w.reason })}</p>}
      {w.consideredHead && <p className="small muted">{w.consideredHead}</p>}
      {w.considered.length > 0 && (
        <ul className="small mono req-authz-considered">
          {w.considered.map((c, i) => (
            <li key={i}>{c}</li>
          ))}
        </ul>
      )}
      <p className="small muted">{t('requests.authz.annotations')}</p>
      <pre className="req-pre req-authz-annotations">{`authorization.k8s.io/decision: ${authz.decision}\nauthorization.k8s.io/reason: ${JSON.stringify(authz.reason)}`}</pre>
    </div>
  );
}
