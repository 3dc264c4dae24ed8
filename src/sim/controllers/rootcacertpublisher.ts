/**
 * The root CA certificate publisher (k8s.io/kubernetes pkg/controller/certificates/rootcacertpublisher):
 * every namespace gets a ConfigMap `kube-root-ca.crt` holding the cluster's CA bundle under `ca.crt`,
 * with the `kubernetes.io/description` annotation the real one writes; an edited or deleted copy is put
 * back. Pods' projected service-account volumes read it.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { ConfigMap, Namespace, StoredObject } from '../types';
import { deepCopy } from '../types';
import { isStatusError } from '../api/types';

type NsObj = Namespace & StoredObject;
type CmObj = ConfigMap & StoredObject;

export const RootCAConfigMapName = 'kube-root-ca.crt';
export const DescriptionAnnotation = 'kubernetes.io/description';
export const RootCADescription =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The simulated cluster CA (kubeadm's self-signed `kubernetes` CA); its bytes are placeholders. */
export const CLUSTER_CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDBTCCAe2gAwIBAgIIKubetabSimCAwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE',
  'AxMKa3ViZXJuZXRlczAeFw0yNDA5MDIxMDAwMDBaFw0zNDA4MzExMDA1MDBaMBUx',
  'EzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK',
  'AoIBAQDKubetabSimulatedClusterCertificateAuthorityNotARealKey0001',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

export class RootCACertPublisher implements Component {
  readonly name = 'root-ca-certificate-publisher-controller';
  static readonly eventSource = 'root-ca-cert-publisher';
  static readonly user = 'system:serviceaccount:kube-system:root-ca-cert-publisher';

  readonly queue: WorkQueue;
  private readonly namespaces: Informer<NsObj>;
  private readonly configMaps: Informer<CmObj>;

  constructor(private readonly ctx: ComponentContext) {
    this.namespaces = ctx.informers.informer<NsObj>('namespaces');
    this.configMaps = ctx.informers.informer<CmObj>('configmaps');
    this.queue = ctx.newQueue('root_ca_cert_publisher', (ns) => this.syncNamespace(ns));
  }

  start(): void {
    this.namespaces.addEventHandler({
      add: (n) => this.queue.add(n.metadata.name),
      update: (o, n) => {
        if (o.metadata.resourceVersion !== n.metadata.resourceVersion && !n.metadata.deletionTimestamp) this.queue.add(n.metadata.name);
      },
    });
    this.configMaps.addEventHandler({
      update: (_o, c) => {
        if (c.metadata.name === RootCAConfigMapName) this.queue.add(c.metadata.namespace!);
      },
      delete: (c) => {
        if (c.metadata.name === RootCAConfigMapName) this.queue.add(c.metadata.namespace!);
      },
    });
    this.ctx.informers.start();
  }

  private syncNamespace(ns: string): void {
    if (!this.namespaces.hasSynced() || !this.configMaps.hasSynced()) {
      this.ctx.clock.after(100, 'root-ca: wait for sync', () => this.queue.add(ns));
      return;
    }
    const n = this.namespaces.get(ns);
    if (!n || n.metadata.deletionTimestamp || n.status?.phase === 'Terminating') return;
    const data = { 'ca.crt': CLUSTER_CA_PEM };
    const cm = this.configMaps.get(`${ns}/${RootCAConfigMapName}`);
    if (!cm) {
      try {
        this.ctx.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: RootCAConfigMapName, namespace: ns, annotations: { [DescriptionAnnotation]: RootCADescription } }, data }, { namespace: ns });
      } catch (e) {
        if (!isStatusError(e, 'AlreadyExists') && !isStatusError(e, 'Forbidden') && !isStatusError(e, 'NotFound')) throw e;
      }
      return;
    }
    if (cm.data?.['ca.crt'] === CLUSTER_CA_PEM && cm.metadata.annotations?.[DescriptionAnnotation] === RootCADescription) return;
    const next = deepCopy(cm) as CmObj;
    next.data = { ...(next.data ?? {}), ...data };
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [DescriptionAnnotation]: RootCADescription };
    try {
      this.ctx.client.update('configmaps', next);
    } catch (e) {
      if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Conflict')) throw e;
    }
  }
}
