/**
 * The workloads view: Deployments with their ReplicaSets by revision (the rollout animating as the old
 * one shrinks and the new one grows), StatefulSets' ordinals and their PVCs, DaemonSets' pods per node,
 * Jobs' completions, CronJobs' last schedule and their Jobs, and HPAs with their metric over time.
 * Everything here is read from the mirrored objects; display strings come from kubectl's printers.
 * Loaded lazily (with d3) so the first screen does not wait for it.
 */
import { memo, useDeferredValue, useMemo, useState } from 'react';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { KObject, Pod, StoredObject } from '../sim/types';
import { cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter, statefulSetPrinter } from '../kubectl/printers/workloads';
import { objectKey, useClock, useObjects } from '../state/stores';
import type { ObjectMap } from '../state/stores';
import { useUi } from '../state/ui';
import type { Selection } from '../state/ui';
import { isSystemNamespace, podSummary, statusTone } from './format';
import { HpaChart } from './HpaChart';
import { useLeaving } from './useLeaving';
import { useThrottled } from './useThrottled';
import { useT } from './i18n';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
/** Above this many pods the view redraws at most every BUSY_MS. */
const BUSY_PODS = 60;
const BUSY_MS = 300;
/** Dots drawn per row before a count. */
const DOTS_SHOWN = 40;

type Obj<T> = T & StoredObject;

const keyOf = (o: StoredObject): string => objectKey(o.metadata.namespace, o.metadata.name);
const byName = (a: StoredObject, b: StoredObject): number => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0);
const list = <T,>(m: ObjectMap, keep: (o: StoredObject) => boolean): Obj<T>[] => ([...m.values()].filter(keep) as Obj<T>[]).sort(byName);
const cells = (printer: { row(o: KObject, c: { nowMs: number; wide: boolean }): string[] }, o: unknown, nowMs: number): string[] => printer.row(o as KObject, { nowMs, wide: false });

export default function WorkloadsView() {
  const t = useT();
  const podsNow = useObjects((s) => s.byResource.pods);
  const busy = podsNow.size > BUSY_PODS;
  const byResource = useDeferredValue(useThrottled(useObjects((s) => s.byResource), busy ? BUSY_MS : 0));
  // Ages and durations move with the clock; a second's precision is plenty.
  const nowMs = Math.floor(useClock((s) => s.nowMs) / 1000) * 1000;
  const [system, setSystem] = useState(false);
  const keep = useMemo(() => (o: StoredObject) => system || !isSystemNamespace(o.metadata.namespace), [system]);

  const podsByOwner = useMemo(() => {
    const m = new Map<string, Pod[]>();
    for (const o of byResource.pods.values()) {
      for (const r of o.metadata.ownerReferences ?? []) {
        if (!r.controller) continue;
        let l = m.get(r.uid);
        if (!l) m.set(r.uid, (l = []));
        l.push(o as unknown as Pod);
      }
    }
    for (const l of m.values()) l.sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
    return m;
  }, [byResource.pods]);

  const deployments = useMemo(() => list<Deployment>(byResource.deployments, keep), [byResource.deployments, keep]);
  const replicaSets = useMemo(() => list<ReplicaSet>(byResource.replicasets, keep), [byResource.replicasets, keep]);
  const statefulSets = useMemo(() => list<StatefulSet>(byResource.statefulsets, keep), [byResource.statefulsets, keep]);
  const daemonSets = useMemo(() => list<DaemonSet>(byResource.daemonsets, keep), [byResource.daemonsets, keep]);
  const jobs = useMemo(() => list<Job>(byResource.jobs, keep), [byResource.jobs, keep]);
  const cronJobs = useMemo(() => list<CronJob>(byResource.cronjobs, keep), [byResource.cronjobs, keep]);
  const hpas = useMemo(() => list<HorizontalPodAutoscaler>(byResource.horizontalpodautoscalers, keep), [byResource.horizontalpodautoscalers, keep]);
  const pvcs = useMemo(() => list<PersistentVolumeClaim>(byResource.persistentvolumeclaims, keep), [byResource.persistentvolumeclaims, keep]);
  const hiddenSystem = useMemo(() => {
    if (system) return 0;
    let n = 0;
    for (const r of ['deployments', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'horizontalpodautoscalers'] as const) for (const o of byResource[r].values()) if (isSystemNamespace(o.metadata.namespace)) n++;
    return n;
  }, [byResource, system]);

  const rsByOwner = useMemo(() => ownedBy(replicaSets), [replicaSets]);
  const jobsByOwner = useMemo(() => ownedBy(jobs), [jobs]);
  const standaloneJobs = jobs.filter((j) => !(j.metadata.ownerReferences ?? []).some((r) => r.kind === 'CronJob'));
  const empty = deployments.length + statefulSets.length + daemonSets.length + jobs.length + cronJobs.length + hpas.length + pvcs.length === 0;

  return (
    <section className="workloads-view" aria-label={t('workloads.label')}>
      <div className="wl-toolbar">
        <label className="small">
          <input type="checkbox" checked={system} onChange={(e) => setSystem(e.target.checked)} /> {t('workloads.showSystem')}
          {hiddenSystem ? <span className="muted"> ({t('workloads.hidden', { count: hiddenSystem })})</span> : null}
        </label>
      </div>
      {empty ? (
        <p className="muted pad">{t('workloads.empty')}</p>
      ) : null}
      <Section title="Deployments" count={deployments.length}>
        {deployments.map((d) => (
          <DeploymentCard key={keyOf(d)} d={d} rss={rsByOwner.get(d.metadata.uid) ?? NONE} podsByOwner={podsByOwner} nowMs={nowMs} />
        ))}
      </Section>
      <Section title="StatefulSets" count={statefulSets.length}>
        {statefulSets.map((s) => (
          <StatefulSetCard key={keyOf(s)} s={s} pods={byResource.pods} pvcs={byResource.persistentvolumeclaims} nowMs={nowMs} />
        ))}
      </Section>
      <Section title="DaemonSets" count={daemonSets.length}>
        {daemonSets.map((ds) => (
          <DaemonSetCard key={keyOf(ds)} ds={ds} pods={podsByOwner.get(ds.metadata.uid) ?? NO_PODS} nowMs={nowMs} />
        ))}
      </Section>
      <Section title="Jobs" count={standaloneJobs.length}>
        {standaloneJobs.map((j) => (
          <JobCard key={keyOf(j)} j={j} pods={podsByOwner.get(j.metadata.uid) ?? NO_PODS} nowMs={nowMs} />
        ))}
      </Section>
      <Section title="CronJobs" count={cronJobs.length}>
        {cronJobs.map((cj) => (
          <CronJobCard key={keyOf(cj)} cj={cj} jobs={jobsByOwner.get(cj.metadata.uid) ?? NONE} podsByOwner={podsByOwner} nowMs={nowMs} />
        ))}
      </Section>
      <Section title="HorizontalPodAutoscalers" count={hpas.length}>
        {hpas.map((h) => (
          <HpaCard key={keyOf(h)} h={h} nowMs={nowMs} />
        ))}
      </Section>
      <Section title="PersistentVolumeClaims" count={pvcs.length}>
        {pvcs.length ? <PvcTable pvcs={pvcs} pvs={byResource.persistentvolumes} /> : null}
      </Section>
    </section>
  );
}

const NONE: never[] = [];
const NO_PODS: Pod[] = [];

function ownedBy<T extends StoredObject>(objs: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const o of objs) {
    const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (!ref) continue;
    let l = m.get(ref.uid);
    if (!l) m.set(ref.uid, (l = []));
    l.push(o);
  }
  return m;
}

function Section({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  if (count === 0) return null;
  const id = `wl-${title.toLowerCase()}`;
  return (
    <section className="wl-section" aria-labelledby={id}>
      <h3 id={id}>
        {title} <span className="muted">({count})</span>
      </h3>
      <div className="wl-grid">{children}</div>
    </section>
  );
}

/** An object's name as a button that selects it (the inspector shows describe, YAML and owners). */
function NameLink({ sel, children }: { sel: Selection; children?: React.ReactNode }) {
  const t = useT();
  const select = useUi((s) => s.select);
  const selected = useUi((s) => s.selection?.resource === sel.resource && s.selection.namespace === sel.namespace && s.selection.name === sel.name);
  return (
    <button type="button" className={`wl-name linklike${selected ? ' selected' : ''}`} aria-pressed={selected} onClick={() => select(sel)} title={t('workloads.showDescribe')}>
      {children ?? (
        <>
          {sel.namespace && sel.namespace !== 'default' ? <span className="pod-ns">{sel.namespace}/</span> : null}
          {sel.name}
        </>
      )}
    </button>
  );
}

const selOf = (resource: string, o: StoredObject): Selection => ({ resource, namespace: o.metadata.namespace ?? '', name: o.metadata.name });

/** One dot per pod, coloured as its chip in the cluster view; dots grow in and shrink out. */
const PodDots = memo(function PodDots({ pods, label }: { pods: readonly Pod[]; label: string }) {
  const t = useT();
  const shown = useLeaving(pods.length > DOTS_SHOWN ? pods.slice(0, DOTS_SHOWN) : pods, (p) => p.metadata?.name ?? '', 320);
  const select = useUi((s) => s.select);
  if (shown.length === 0) return null;
  return (
    <span className="dots" role="list" aria-label={label}>
      {shown.map(({ key, item, leaving }) => {
        const { status, restarts } = podSummary(item, 0);
        return (
          <span
            key={key}
            role="listitem"
            className={`dot tone-${statusTone(status)}${leaving ? ' leaving' : ''}`}
            title={restarts !== '0' ? t('workloads.restarts', { ref: key, status, count: parseInt(restarts, 10) || restarts }) : `${key}: ${status}`}
            data-phase={status}
            onClick={leaving ? undefined : () => select({ resource: 'pod', namespace: item.metadata?.namespace ?? '', name: key })}
          />
        );
      })}
      {pods.length > DOTS_SHOWN ? <span className="more small">+{pods.length - DOTS_SHOWN}</span> : null}
    </span>
  );
});

function images(t: { spec?: { containers?: { image?: string }[] } } | undefined): string {
  return (t?.spec?.containers ?? []).map((c) => c.image ?? '').join(', ');
}

const revisionOf = (rs: ReplicaSet): number => Number(rs.metadata?.annotations?.[REVISION] ?? 0);

const DeploymentCard = memo(function DeploymentCard({ d, rss, podsByOwner, nowMs }: { d: Obj<Deployment>; rss: readonly Obj<ReplicaSet>[]; podsByOwner: Map<string, Pod[]>; nowMs: number }) {
  const t = useT();
  const [, ready, upToDate, available] = cells(deploymentPrinter, d, nowMs);
  const ordered = [...rss].sort((a, b) => revisionOf(b) - revisionOf(a));
  const current = ordered[0];
  const replicas = d.spec?.replicas ?? 1;
  const strategy = d.spec?.strategy?.type ?? 'RollingUpdate';
  const ru = d.spec?.strategy?.rollingUpdate;
  const rollingOut = ordered.slice(1).some((rs) => (rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0);
  const progressing = (d.status?.conditions ?? []).find((c) => c.type === 'Progressing');
  const scale = Math.max(replicas, ...ordered.map((rs) => Math.max(rs.spec?.replicas ?? 0, rs.status?.replicas ?? 0)), 1);
  return (
    <article className="wl-card" data-kind="deployment" data-name={d.metadata.name} aria-label={`Deployment ${d.metadata.name}`}>
      <header className="wl-head">
        <span className="wl-kind">deploy</span>
        <NameLink sel={selOf('deployment', d)} />
        {d.spec?.paused ? <span className="wl-badge warn">{t('workloads.paused')}</span> : rollingOut ? <span className="wl-badge busy">{t('workloads.rollingOut')}</span> : null}
        <span className="wl-stat">
          <b>{ready}</b> {t('workloads.ready')}
        </span>
      </header>
      <div className="wl-meta muted small">
        {t('workloads.deployMeta', { upToDate: upToDate ?? '', available: available ?? '', strategy })}
        {strategy === 'RollingUpdate' ? t('workloads.rollingParams', { maxSurge: ru?.maxSurge ?? '25%', maxUnavailable: ru?.maxUnavailable ?? '25%' }) : ''}
        {progressing?.reason ? ` · ${progressing.reason}` : ''}
      </div>
      <table className="wl-table revisions" aria-label={t('workloads.revisionHistory', { name: d.metadata.name })}>
        <thead>
          <tr>
            <th scope="col">{t('workloads.col.rev')}</th>
            <th scope="col">{t('workloads.col.replicaSet')}</th>
            <th scope="col">{t('workloads.col.image')}</th>
            <th scope="col" title={t('workloads.col.replicasTitle')}>
              {t('workloads.col.replicas')}
            </th>
            <th scope="col" className="wide-col">
              {t('workloads.col.pods')}
            </th>
          </tr>
        </thead>
        <tbody>
          {ordered.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                {t('workloads.noReplicaSet')}
              </td>
            </tr>
          ) : null}
          {ordered.map((rs) => {
            const [, desired, cur, rdy] = cells(replicaSetPrinter, rs, nowMs);
            const isCurrent = rs === current;
            const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
            return (
              <tr key={rs.metadata.name} className={isCurrent ? 'current' : Number(desired) === 0 && Number(cur) === 0 ? 'old' : 'shrinking'} data-kind="replicaset" data-name={rs.metadata.name} data-revision={revisionOf(rs)} data-replicas={desired}>
                <td className="rev">
                  {revisionOf(rs) || '?'}
                  {isCurrent ? <span className="sr-only"> {t('workloads.current')}</span> : null}
                </td>
                <td>
                  <NameLink sel={selOf('replicaset', rs)}>{rs.metadata.name}</NameLink>
                  {cause ? <div className="muted small">{cause}</div> : null}
                </td>
                <td className="mono small">{images(rs.spec?.template)}</td>
                <td className="num">
                  {desired}/{cur}/{rdy}
                </td>
                <td className="wide-col">
                  <span className="rs-bar" aria-hidden="true">
                    <span className="rs-bar-fill" style={{ width: `${(Number(desired) / scale) * 100}%` }} />
                  </span>
                  <PodDots pods={podsByOwner.get(rs.metadata.uid) ?? NO_PODS} label={t('workloads.podsOf', { name: rs.metadata.name })} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </article>
  );
});

const StatefulSetCard = memo(function StatefulSetCard({ s, pods, pvcs, nowMs }: { s: Obj<StatefulSet>; pods: ObjectMap; pvcs: ObjectMap; nowMs: number }) {
  const t = useT();
  const [, ready] = cells(statefulSetPrinter, s, nowMs);
  const name = s.metadata.name;
  const ns = s.metadata.namespace ?? 'default';
  const templates = (s.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? '');
  const replicas = s.spec?.replicas ?? 1;
  // Ordinals: the wanted ones, plus any higher ones whose pod or PVC is still there.
  let n = replicas;
  for (let i = replicas; i < replicas + 50; i++) {
    const exists = pods.has(objectKey(ns, `${name}-${i}`)) || templates.some((t) => pvcs.has(objectKey(ns, `${t}-${name}-${i}`)));
    if (exists) n = i + 1;
  }
  const ordinals = Array.from({ length: n }, (_, i) => i);
  return (
    <article className="wl-card" data-kind="statefulset" data-name={name} aria-label={`StatefulSet ${name}`}>
      <header className="wl-head">
        <span className="wl-kind">sts</span>
        <NameLink sel={selOf('statefulset', s)} />
        <span className="wl-stat">
          <b>{ready}</b> {t('workloads.ready')}
        </span>
      </header>
      <div className="wl-meta muted small">
        {s.spec?.podManagementPolicy ?? 'OrderedReady'} · {s.spec?.updateStrategy?.type ?? 'RollingUpdate'}
        {s.spec?.updateStrategy?.rollingUpdate?.partition ? t('workloads.partition', { partition: s.spec.updateStrategy.rollingUpdate.partition }) : ''} · {t('workloads.service', { name: s.spec?.serviceName || '—' })}
      </div>
      <ol className="ordinals" aria-label={t('workloads.ordinalsOf', { name })}>
        {ordinals.map((i) => {
          const podName = `${name}-${i}`;
          const pod = pods.get(objectKey(ns, podName)) as unknown as Pod | undefined;
          const status = pod ? podSummary(pod, 0).status : i < replicas ? t('workloads.notCreated') : t('workloads.scaledDown');
          return (
            <li key={i} className={`ordinal${i >= replicas ? ' gone' : ''}`} data-ordinal={i}>
              <span className="ord-num">{i}</span>
              <span className={`ord-pod tone-${pod ? statusTone(status) : 'unknown'}`}>
                {pod ? <NameLink sel={{ resource: 'pod', namespace: ns, name: podName }}>{podName}</NameLink> : <span className="mono">{podName}</span>}
                <span className="small"> {status}</span>
              </span>
              {templates.map((tpl) => {
                const claim = `${tpl}-${name}-${i}`;
                const pvc = pvcs.get(objectKey(ns, claim)) as Obj<PersistentVolumeClaim> | undefined;
                return (
                  <span key={tpl} className={`ord-pvc${pvc ? '' : ' missing'}`} title={pvc ? `${t('workloads.pvcTitle', { claim, phase: pvc.status?.phase ?? 'Pending' })}${pvc.spec?.volumeName ? ` → ${pvc.spec.volumeName}` : ''}` : t('workloads.pvcMissing', { claim })}>
                    <span aria-hidden="true">⛁ </span>
                    {pvc ? <NameLink sel={{ resource: 'persistentvolumeclaim', namespace: ns, name: claim }}>{claim}</NameLink> : <span className="mono">{claim}</span>}
                    <span className={`pvc-phase ${pvc?.status?.phase === 'Bound' ? 'ok' : 'wait'}`}> {pvc ? (pvc.status?.phase ?? 'Pending') : '—'}</span>
                  </span>
                );
              })}
            </li>
          );
        })}
      </ol>
    </article>
  );
});

const DaemonSetCard = memo(function DaemonSetCard({ ds, pods, nowMs }: { ds: Obj<DaemonSet>; pods: readonly Pod[]; nowMs: number }) {
  const t = useT();
  const [, desired, current, ready, upToDate, available, nodeSelector] = cells(daemonSetPrinter, ds, nowMs);
  return (
    <article className="wl-card" data-kind="daemonset" data-name={ds.metadata.name} aria-label={`DaemonSet ${ds.metadata.name}`}>
      <header className="wl-head">
        <span className="wl-kind">ds</span>
        <NameLink sel={selOf('daemonset', ds)} />
        <span className="wl-stat">
          <b>
            {ready}/{desired}
          </b>{' '}
          {t('workloads.ready')}
        </span>
      </header>
      <div className="wl-meta muted small">
        {t('workloads.dsMeta', { current: current ?? '', upToDate: upToDate ?? '', available: available ?? '', selector: nodeSelector || '<none>' })}
      </div>
      <ul className="per-node" aria-label={t('workloads.podsByNode', { name: ds.metadata.name })}>
        {pods.map((p) => {
          const st = podSummary(p, 0).status;
          return (
            <li key={p.metadata?.name} className={`tone-${statusTone(st)}`}>
              <span className="mono small">{p.spec?.nodeName || t('workloads.unscheduled')}</span>{' '}
              <NameLink sel={{ resource: 'pod', namespace: p.metadata?.namespace ?? '', name: p.metadata?.name ?? '' }}>{st}</NameLink>
            </li>
          );
        })}
      </ul>
    </article>
  );
});

/** succeeded / active / failed as segments of one bar, out of the completions wanted. */
function CompletionBar({ j }: { j: Job }) {
  const t = useT();
  const want = j.spec?.completions ?? 1;
  const ok = j.status?.succeeded ?? 0;
  const active = j.status?.active ?? 0;
  const failed = j.status?.failed ?? 0;
  const total = Math.max(want, ok + active) + failed;
  const pct = (n: number): string => `${(n / Math.max(total, 1)) * 100}%`;
  return (
    <span className="job-bar" role="img" aria-label={t('workloads.jobBar', { ok, want, active, failed })}>
      <span className="seg ok" style={{ width: pct(ok) }} />
      <span className="seg active" style={{ width: pct(active) }} />
      <span className="seg failed" style={{ width: pct(failed) }} />
    </span>
  );
}

const JobCard = memo(function JobCard({ j, pods, nowMs, compact }: { j: Obj<Job>; pods: readonly Pod[]; nowMs: number; compact?: boolean }) {
  const t = useT();
  const [, status, completions, duration] = cells(jobPrinter, j, nowMs);
  const failedCond = (j.status?.conditions ?? []).find((c) => c.type === 'Failed' && c.status === 'True');
  const body = (
    <>
      <div className="job-line">
        <span className={`wl-badge ${status === 'Complete' ? 'ok' : status === 'Failed' ? 'bad' : 'busy'}`}>{status}</span>
        <span className="num" title={t('workloads.completionsTitle')}>
          <b>{completions}</b>
        </span>
        <CompletionBar j={j} />
        <span className="small muted">
          {t('workloads.jobCounts', { active: j.status?.active ?? 0, failed: j.status?.failed ?? 0 })}
          {duration ? ` · ${duration}` : ''}
        </span>
      </div>
      {failedCond ? (
        <div className="small bad-text">
          {failedCond.reason}: {failedCond.message}
        </div>
      ) : null}
      <PodDots pods={pods} label={t('workloads.podsOfJob', { name: j.metadata.name })} />
    </>
  );
  if (compact) {
    return (
      <li className="cj-job" data-kind="job" data-name={j.metadata.name}>
        <NameLink sel={selOf('job', j)} />
        {body}
      </li>
    );
  }
  return (
    <article className="wl-card" data-kind="job" data-name={j.metadata.name} aria-label={`Job ${j.metadata.name}`}>
      <header className="wl-head">
        <span className="wl-kind">job</span>
        <NameLink sel={selOf('job', j)} />
      </header>
      <div className="wl-meta muted small">
        {t('workloads.jobMeta', { completions: j.spec?.completions ?? 1, parallelism: j.spec?.parallelism ?? 1, backoffLimit: j.spec?.backoffLimit ?? 6 })}
        {j.spec?.completionMode === 'Indexed' ? ' · Indexed' : ''}
      </div>
      {body}
    </article>
  );
});

const CronJobCard = memo(function CronJobCard({ cj, jobs, podsByOwner, nowMs }: { cj: Obj<CronJob>; jobs: readonly Obj<Job>[]; podsByOwner: Map<string, Pod[]>; nowMs: number }) {
  const t = useT();
  const [, schedule, tz, suspend, active, last] = cells(cronJobPrinter, cj, nowMs);
  const newest = [...jobs].sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1));
  return (
    <article className="wl-card" data-kind="cronjob" data-name={cj.metadata.name} aria-label={`CronJob ${cj.metadata.name}`}>
      <header className="wl-head">
        <span className="wl-kind">cj</span>
        <NameLink sel={selOf('cronjob', cj)} />
        {suspend === 'True' ? <span className="wl-badge warn">{t('workloads.suspended')}</span> : null}
        <code className="wl-stat">{schedule}</code>
      </header>
      <div className="wl-meta muted small">
        {t('workloads.lastSchedule')} <b className="text">{last === '<none>' ? t('workloads.never') : t('workloads.ago', { age: last ?? '' })}</b> · {t('workloads.cjActive', { active: active ?? '' })} · {cj.spec?.concurrencyPolicy ?? 'Allow'}
        {tz !== '<none>' ? ` · ${tz}` : ''}
      </div>
      {newest.length ? (
        <ul className="cj-jobs" aria-label={t('workloads.jobsOf', { name: cj.metadata.name })}>
          {newest.map((j) => (
            <JobCard key={j.metadata.name} j={j} pods={podsByOwner.get(j.metadata.uid) ?? NO_PODS} nowMs={nowMs} compact />
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('workloads.noJobs')}</p>
      )}
    </article>
  );
});

const HpaCard = memo(function HpaCard({ h, nowMs }: { h: Obj<HorizontalPodAutoscaler>; nowMs: number }) {
  const t = useT();
  const ref = h.spec?.scaleTargetRef;
  const refResource = ref?.kind === 'Deployment' ? 'deployment' : ref?.kind === 'StatefulSet' ? 'statefulset' : ref?.kind === 'ReplicaSet' ? 'replicaset' : undefined;
  const current = h.status?.currentReplicas ?? 0;
  const desired = h.status?.desiredReplicas ?? 0;
  const limited = (h.status?.conditions ?? []).find((c) => c.type === 'ScalingLimited' && c.status === 'True');
  const active = (h.status?.conditions ?? []).find((c) => c.type === 'ScalingActive');
  return (
    <article className="wl-card hpa" data-kind="horizontalpodautoscaler" data-name={h.metadata.name} aria-label={`HorizontalPodAutoscaler ${h.metadata.name}`}>
      <header className="wl-head">
        <span className="wl-kind">hpa</span>
        <NameLink sel={selOf('horizontalpodautoscaler', h)} />
        <span className="wl-stat" data-testid="hpa-replicas">
          <b>{current}</b> → <b>{desired}</b> {t('workloads.replicas')}
        </span>
      </header>
      <div className="wl-meta muted small">
        {t('workloads.target')}{' '}
        {refResource && ref ? (
          <NameLink sel={{ resource: refResource, namespace: h.metadata.namespace ?? '', name: ref.name }}>
            {ref.kind}/{ref.name}
          </NameLink>
        ) : (
          `${ref?.kind}/${ref?.name}`
        )}{' '}
        · {t('workloads.minMax', { min: h.spec?.minReplicas ?? 1, max: h.spec?.maxReplicas ?? '' })}
        {limited ? ` · ${limited.reason}` : ''}
        {active && active.status !== 'True' ? ` · ${active.reason}` : ''}
      </div>
      <HpaChart hpaKey={keyOf(h)} nowMs={nowMs} />
    </article>
  );
});

function PvcTable({ pvcs, pvs }: { pvcs: readonly Obj<PersistentVolumeClaim>[]; pvs: ObjectMap }) {
  const t = useT();
  return (
    <article className="wl-card wide">
      <table className="wl-table" aria-label="PersistentVolumeClaims">
        <thead>
          <tr>
            <th scope="col">{t('workloads.col.claim')}</th>
            <th scope="col">{t('workloads.col.status')}</th>
            <th scope="col">{t('workloads.col.volume')}</th>
            <th scope="col">{t('workloads.col.capacity')}</th>
            <th scope="col">{t('workloads.col.storageClass')}</th>
            <th scope="col">{t('workloads.col.reclaim')}</th>
          </tr>
        </thead>
        <tbody>
          {pvcs.map((c) => {
            const pv = c.spec?.volumeName ? (pvs.get(objectKey(undefined, c.spec.volumeName)) as Obj<PersistentVolume> | undefined) : undefined;
            return (
              <tr key={keyOf(c)} data-kind="persistentvolumeclaim" data-name={c.metadata.name}>
                <td>
                  <NameLink sel={selOf('persistentvolumeclaim', c)} />
                </td>
                <td className={c.status?.phase === 'Bound' ? 'ok-text' : 'warn-text'}>{c.status?.phase ?? 'Pending'}</td>
                <td className="mono small">{pv ? <NameLink sel={{ resource: 'persistentvolume', namespace: '', name: pv.metadata.name }}>{pv.metadata.name}</NameLink> : (c.spec?.volumeName ?? '')}</td>
                <td>{c.status?.capacity?.storage ?? c.spec?.resources?.requests?.storage ?? ''}</td>
                <td>{c.spec?.storageClassName ?? ''}</td>
                <td>{pv?.spec?.persistentVolumeReclaimPolicy ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </article>
  );
}
