import { describe, expect, it } from 'vitest';
import { kustomizeBuild, kustomizeYaml } from './build';

/** Builds DIR of the area; what `kubectl kustomize DIR` prints (stdout, or the error). */
function build(files: Record<string, string>, dir: string): { out: string; warnings: string } | { error: string } {
  try {
    const r = kustomizeBuild(new Map(Object.entries(files)), dir);
    return { out: kustomizeYaml(r.objects), warnings: r.warnings.join('') };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

// The kustomizations, and what the real `kubectl kustomize` (kustomize v5) prints for each, run on these very files.
const FILES: Record<string, string> = {
  "a/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      run: web\n  template:\n    metadata:\n      labels:\n        run: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: cfg\n        env:\n        - name: PW\n          valueFrom:\n            secretKeyRef:\n              name: sec\n              key: pw\n        ports:\n        - containerPort: 80\n",
  "a/svc.yaml": "kind: Service\napiVersion: v1\nmetadata:\n  name: web\nspec:\n  selector:\n    run: web\n  ports:\n  - port: 80\n",
  "a/kustomization.yaml": "namespace: shop\nnamePrefix: dev-\ncommonLabels:\n  app: web\ncommonAnnotations:\n  team: blue\nimages:\n- name: nginx\n  newTag: \"1.27\"\nreplicas:\n- name: web\n  count: 3\nresources:\n- deploy.yaml\n- svc.yaml\nconfigMapGenerator:\n- name: cfg\n  literals:\n  - A=1\n  - B=two\nsecretGenerator:\n- name: sec\n  literals:\n  - pw=s3cret\n",
  "overlay/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n",
  "overlay/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: prod\nnameSuffix: -v2\nresources:\n- ../base\n- ns.yaml\nlabels:\n- pairs:\n    env: prod\n  includeSelectors: true\n- pairs:\n    owner: me\n  includeTemplates: true\n- pairs:\n    plain: \"yes\"\nimages:\n- name: registry.example.com/team/api\n  newName: mirror.local/api\n  digest: sha256:0123456789012345678901234567890123456789012345678901234567890123\n- name: busybox\n  newTag: \"1.36\"\nconfigMapGenerator:\n- name: settings\n  behavior: merge\n  literals:\n  - extra=1\n- name: plain\n  literals:\n  - k=v\n  options:\n    disableNameSuffixHash: true\n    labels:\n      gen: \"true\"\nsecretGenerator:\n- name: tls\n  type: kubernetes.io/tls\n  literals:\n  - tls.crt=CRT\n  - tls.key=KEY\ngeneratorOptions:\n  annotations:\n    made-by: kustomize\nreplicas:\n- name: api\n  count: 2\n",
  "base/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  labels:\n    tier: backend\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      serviceAccountName: api\n      initContainers:\n      - name: init\n        image: busybox\n      containers:\n      - name: api\n        image: registry.example.com/team/api:v1\n        volumeMounts:\n        - name: cfg\n          mountPath: /etc/cfg\n      volumes:\n      - name: cfg\n        configMap:\n          name: settings\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api\n  minReplicas: 1\n  maxReplicas: 5\n",
  "base/app.properties": "color=blue\nsize=10\n",
  "base/other.txt": "hello <world> & \"q\"\n",
  "base/rbac.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\nrules:\n- apiGroups: [\"\"]\n  resources: [\"configmaps\"]\n  resourceNames: [\"settings\"]\n  verbs: [\"get\"]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reader\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader\nsubjects:\n- kind: ServiceAccount\n  name: api\n- kind: ServiceAccount\n  name: default\n- kind: User\n  name: api\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: view-all\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n- kind: ServiceAccount\n  name: api\n  namespace: default\n",
  "base/vars.env": "# comment\nA=1\n\nB=\"two\"\n",
  "base/kustomization.yaml": "resources:\n- deploy.yaml\n- rbac.yaml\nconfigMapGenerator:\n- name: settings\n  files:\n  - app.properties\n  - cfg=other.txt\n  envs:\n  - vars.env\n",
  "e1/kustomization.yaml": "resources:\n- missing.yaml\n",
  "e2/kustomization.yaml": "resources:\n- ../nokust\n",
  "e3/kustomization.yaml": "patchez:\n- a\n",
  "e4/kustomization.yaml": "replicas:\n- name: nothere\n  count: 2\n",
  "e5/kustomization.yaml": "resources:\n- cm.yaml\n- cm.yaml\n",
  "e5/cm.yaml": "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: x\n",
  "e6/kustomization.yaml": "configMapGenerator:\n- name: c\n  files:\n  - ../base/other.txt\n",
  "e7/kustomization.yaml": "resources:\n- ../e5/cm.yaml\n",
  "e8/kustomization.yml": "resources:\n- ../base\n- ../e5\n",
  "e9/kustomization.yaml": "resources:\n- ../e3\n",
  "e10/kustomization.yaml": "resources:\n- ../e4\n",
  "nokust/a.txt": "x: 1\n"
};

describe('kubectl kustomize, as kustomize v5 builds', () => {
  it('prefixes, namespaces, labels (selectors and templates too), annotates, retags and rescales; generated names carry the content hash and the references follow them', () => {
    expect(build(FILES, 'a')).toEqual({ out: "apiVersion: v1\ndata:\n  A: \"1\"\n  B: two\nkind: ConfigMap\nmetadata:\n  annotations:\n    team: blue\n  labels:\n    app: web\n  name: dev-cfg-6b56fdfggc\n  namespace: shop\n---\napiVersion: v1\ndata:\n  pw: czNjcmV0\nkind: Secret\nmetadata:\n  annotations:\n    team: blue\n  labels:\n    app: web\n  name: dev-sec-c6mc6k7dmf\n  namespace: shop\ntype: Opaque\n---\napiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    team: blue\n  labels:\n    app: web\n  name: dev-web\n  namespace: shop\nspec:\n  ports:\n  - port: 80\n  selector:\n    app: web\n    run: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    team: blue\n  labels:\n    app: web\n  name: dev-web\n  namespace: shop\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n      run: web\n  template:\n    metadata:\n      annotations:\n        team: blue\n      labels:\n        app: web\n        run: web\n    spec:\n      containers:\n      - env:\n        - name: PW\n          valueFrom:\n            secretKeyRef:\n              key: pw\n              name: dev-sec-c6mc6k7dmf\n        envFrom:\n        - configMapRef:\n            name: dev-cfg-6b56fdfggc\n        image: nginx:1.27\n        name: web\n        ports:\n        - containerPort: 80\n", warnings: "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n" });
  });

  it('builds an overlay on its base: merge generators, digests and new image names, label sets, name suffix on every reference, ServiceAccount subjects', () => {
    expect(build(FILES, 'overlay')).toEqual({ out: "apiVersion: v1\nkind: Namespace\nmetadata:\n  labels:\n    env: prod\n    owner: me\n    plain: \"yes\"\n  name: prod\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  labels:\n    env: prod\n    owner: me\n    plain: \"yes\"\n  name: api-v2\n  namespace: prod\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  labels:\n    env: prod\n    owner: me\n    plain: \"yes\"\n  name: reader-v2\n  namespace: prod\nrules:\n- apiGroups:\n  - \"\"\n  resourceNames:\n  - settings-v2-cd42gc2726\n  resources:\n  - configmaps\n  verbs:\n  - get\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  labels:\n    env: prod\n    owner: me\n    plain: \"yes\"\n  name: reader-v2\n  namespace: prod\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader-v2\nsubjects:\n- kind: ServiceAccount\n  name: api-v2\n  namespace: prod\n- kind: ServiceAccount\n  name: default\n  namespace: prod\n- kind: User\n  name: api-v2\n  namespace: prod\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  labels:\n    env: prod\n    owner: me\n    plain: \"yes\"\n  name: view-all-v2\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n- kind: ServiceAccount\n  name: api-v2\n  namespace: prod\n---\napiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  annotations:\n    made-by: kustomize\n  labels:\n    env: prod\n    gen: \"true\"\n    owner: me\n    plain: \"yes\"\n  name: plain-v2\n  namespace: prod\n---\napiVersion: v1\ndata:\n  A: \"1\"\n  B: '\"two\"'\n  app.properties: |\n    color=blue\n    size=10\n  cfg: |\n    hello <world> & \"q\"\n  extra: \"1\"\nkind: ConfigMap\nmetadata:\n  annotations:\n    made-by: kustomize\n  labels:\n    env: prod\n    owner: me\n    plain: \"yes\"\n  name: settings-v2-cd42gc2726\n  namespace: prod\n---\napiVersion: v1\ndata:\n  tls.crt: Q1JU\n  tls.key: S0VZ\nkind: Secret\nmetadata:\n  annotations:\n    made-by: kustomize\n  labels:\n    env: prod\n    owner: me\n    plain: \"yes\"\n  name: tls-v2-fm47d522m5\n  namespace: prod\ntype: kubernetes.io/tls\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    env: prod\n    owner: me\n    plain: \"yes\"\n    tier: backend\n  name: api-v2\n  namespace: prod\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: api\n      env: prod\n  template:\n    metadata:\n      labels:\n        app: api\n        env: prod\n        owner: me\n    spec:\n      containers:\n      - image: mirror.local/api@sha256:0123456789012345678901234567890123456789012345678901234567890123\n        name: api\n        volumeMounts:\n        - mountPath: /etc/cfg\n          name: cfg\n      initContainers:\n      - image: busybox:1.36\n        name: init\n      serviceAccountName: api-v2\n      volumes:\n      - configMap:\n          name: settings-v2-cd42gc2726\n        name: cfg\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  labels:\n    env: prod\n    owner: me\n    plain: \"yes\"\n  name: api-v2\n  namespace: prod\nspec:\n  maxReplicas: 5\n  minReplicas: 1\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api-v2\n", warnings: "" });
  });

  it('fails as kustomize does: missing files, directories without a kustomization, unknown fields, duplicates, files outside the root, nested errors', () => {
    expect(build(FILES, "e1")).toEqual({ error: "accumulating resources: accumulation err='accumulating resources from 'missing.yaml': evalsymlink failure on '/root/e1/missing.yaml' : lstat /root/e1/missing.yaml: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '/root/e1/missing.yaml' : lstat /root/e1/missing.yaml: no such file or directory" });
    expect(build(FILES, "e2")).toEqual({ error: "accumulating resources: accumulation err='accumulating resources from '../nokust': '/root/nokust' must resolve to a file': couldn't make target for path '/root/nokust': unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '/root/nokust'" });
    expect(build(FILES, "e3")).toEqual({ error: "invalid Kustomization: json: unknown field \"patchez\"" });
    expect(build(FILES, "e4")).toEqual({ error: "resource with name nothere does not match a config with the following GVK [Deployment.[noVer].[noGrp] StatefulSet.[noVer].[noGrp] ReplicaSet.[noVer].[noGrp] ReplicationController.[noVer].[noGrp]]" });
    expect(build(FILES, "e5")).toEqual({ error: "accumulating resources: accumulation err='merging resources from 'cm.yaml': may not add resource with an already registered id: ConfigMap.v1.[noGrp]/x.[noNs]': must build at directory: '/root/e5/cm.yaml': file is not directory" });
    expect(build(FILES, "e6")).toEqual({ error: "loading KV pairs: file sources: [../base/other.txt]: security; file '/root/base/other.txt' is not in or below '/root/e6'" });
    expect(build(FILES, "e7")).toEqual({ error: "accumulating resources: accumulation err='accumulating resources from '../e5/cm.yaml': security; file '/root/e5/cm.yaml' is not in or below '/root/e7'': must build at directory: '/root/e5/cm.yaml': file is not directory" });
    expect(build(FILES, "e8")).toEqual({ error: "accumulating resources: accumulation err='accumulating resources from '../e5': '/root/e5' must resolve to a file': recursed accumulation of path '/root/e5': accumulating resources: accumulation err='merging resources from 'cm.yaml': may not add resource with an already registered id: ConfigMap.v1.[noGrp]/x.[noNs]': must build at directory: '/root/e5/cm.yaml': file is not directory" });
    expect(build(FILES, "e9")).toEqual({ error: "accumulating resources: accumulation err='accumulating resources from '../e3': '/root/e3' must resolve to a file': couldn't make target for path '/root/e3': invalid Kustomization: json: unknown field \"patchez\"" });
    expect(build(FILES, "e10")).toEqual({ error: "accumulating resources: accumulation err='accumulating resources from '../e4': '/root/e4' must resolve to a file': recursed accumulation of path '/root/e4': resource with name nothere does not match a config with the following GVK [Deployment.[noVer].[noGrp] StatefulSet.[noVer].[noGrp] ReplicaSet.[noVer].[noGrp] ReplicationController.[noVer].[noGrp]]" });
    expect(build(FILES, "nokust")).toEqual({ error: "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '/root/nokust'" });
    expect(build(FILES, 'nothere')).toEqual({ error: "must build at directory: not a valid directory: evalsymlink failure on '/root/nothere' : lstat /root/nothere: no such file or directory" });
    expect(build(FILES, 'a/deploy.yaml')).toEqual({ error: "must build at directory: '/root/a/deploy.yaml': file is not directory" });
  });

  it('refuses, by name, the kustomization fields it does not carry out', () => {
    expect(build({ 'k/kustomization.yaml': 'resources: []\nreplacements:\n- path: r.yaml\n' }, 'k')).toEqual({ error: 'the kustomization field "replacements" is not supported here' });
    expect(build({ 'k/kustomization.yaml': 'helmCharts:\n- name: x\n' }, 'k')).toEqual({ error: 'the kustomization field "helmCharts" is not supported here' });
  });
});

const PATCH_FILES: Record<string, string> = {
  "p1/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      run: web\n  template:\n    metadata:\n      labels:\n        run: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: cfg\n        env:\n        - name: PW\n          valueFrom:\n            secretKeyRef:\n              name: sec\n              key: pw\n        ports:\n        - containerPort: 80\n",
  "p1/more-replicas.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n  template:\n    spec:\n      containers:\n      - name: web\n        env:\n        - name: PW\n          $patch: delete\n",
  "p1/svc.yaml": "kind: Service\napiVersion: v1\nmetadata:\n  name: web\nspec:\n  selector:\n    run: web\n  ports:\n  - port: 80\n",
  "p1/kustomization.yaml": "namePrefix: x-\nresources:\n- deploy.yaml\n- svc.yaml\npatches:\n- path: more-replicas.yaml\n- patch: |-\n    - op: replace\n      path: /spec/ports/0/port\n      value: 8080\n  target:\n    kind: Service\n    name: web\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: ignored\n    spec:\n      template:\n        spec:\n          containers:\n          - name: web\n            resources:\n              limits:\n                memory: 128Mi\n          - name: sidecar\n            image: busybox\n  target:\n    kind: Deployment\n    labelSelector: \"missing!=x\"\n",
  "p3/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      run: web\n  template:\n    metadata:\n      labels:\n        run: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: cfg\n        env:\n        - name: PW\n          valueFrom:\n            secretKeyRef:\n              name: sec\n              key: pw\n        ports:\n        - containerPort: 80\n",
  "p3/kustomization.yaml": "resources:\n- deploy.yaml\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: nope\n    spec:\n      replicas: 2\n",
  "p4/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      run: web\n  template:\n    metadata:\n      labels:\n        run: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: cfg\n        env:\n        - name: PW\n          valueFrom:\n            secretKeyRef:\n              name: sec\n              key: pw\n        ports:\n        - containerPort: 80\n",
  "p4/kustomization.yaml": "resources:\n- deploy.yaml\npatches:\n- patch: |-\n    - op: replace\n      path: /spec/replicas\n      value: 2\n",
  "p5/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      run: web\n  template:\n    metadata:\n      labels:\n        run: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: cfg\n        env:\n        - name: PW\n          valueFrom:\n            secretKeyRef:\n              name: sec\n              key: pw\n        ports:\n        - containerPort: 80\n",
  "p5/kustomization.yaml": "resources:\n- deploy.yaml\npatchesStrategicMerge:\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n  spec:\n    replicas: 4\n- replicas.yaml\n",
  "p5/replicas.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    patched: \"yes\"\n"
};

describe('kustomize patches', () => {
  it('applies strategic merge patches by the patch\'s own name or a target\'s selectors, and JSON 6902 patches on a target, before the name prefix', () => {
    expect(build(PATCH_FILES, 'p1')).toEqual({ out: "apiVersion: v1\nkind: Service\nmetadata:\n  name: x-web\nspec:\n  ports:\n  - port: 8080\n  selector:\n    run: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x-web\nspec:\n  replicas: 5\n  selector:\n    matchLabels:\n      run: web\n  template:\n    metadata:\n      labels:\n        run: web\n    spec:\n      containers:\n      - env: []\n        envFrom:\n        - configMapRef:\n            name: cfg\n        image: nginx:1.25\n        name: web\n        ports:\n        - containerPort: 80\n        resources:\n          limits:\n            memory: 128Mi\n      - image: busybox\n        name: sidecar\n", warnings: "" });
  });

  it('takes patchesStrategicMerge inline or from files, with its deprecation warning', () => {
    expect(build(PATCH_FILES, 'p5')).toEqual({ out: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    patched: \"yes\"\n  name: web\nspec:\n  replicas: 4\n  selector:\n    matchLabels:\n      run: web\n  template:\n    metadata:\n      labels:\n        run: web\n    spec:\n      containers:\n      - env:\n        - name: PW\n          valueFrom:\n            secretKeyRef:\n              key: pw\n              name: sec\n        envFrom:\n        - configMapRef:\n            name: cfg\n        image: nginx:1.25\n        name: web\n        ports:\n        - containerPort: 80\n", warnings: "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n" });
  });

  it('fails as kustomize does on a patch that names nothing, and on a JSON patch without a target', () => {
    expect(build(PATCH_FILES, "p3")).toEqual({ error: "no resource matches strategic merge patch \"Deployment.v1.apps/nope.[noNs]\": no matches for Id Deployment.v1.apps/nope.[noNs]; failed to find unique target for patch Deployment.v1.apps/nope.[noNs]" });
    expect(build(PATCH_FILES, "p4")).toEqual({ error: "must specify a target for JSON patch [patch: \"- op: replace\\n  path: /spec/replicas\\n  value: 2\"]" });
  });
});

describe('kustomization fields, strictly', () => {
  it('an unknown field inside a list item is an unknown field too, as Go decodes it', () => {
    // The real `kubectl kustomize` on each.
    expect(build({ 'u/kustomization.yaml': 'configMapGenerator:\n- name: x\n  literal:\n  - a=b\n' }, 'u')).toEqual({ error: 'invalid Kustomization: json: unknown field "literal"' });
    expect(build({ 'u/kustomization.yaml': 'images:\n- name: x\n  newTage: "1"\n' }, 'u')).toEqual({ error: 'invalid Kustomization: json: unknown field "newTage"' });
  });
});
