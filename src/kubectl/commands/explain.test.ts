import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../sim/client/types';
import { runKubectl } from '../kubectl';
import { loadExplainSchema } from './explainSchema';
import { wordWrap } from './explainText';

// explain reads no objects: it needs the schema and its documentation, not a cluster.
const k = (line: string) => runKubectl(line, { client: {} as Client, nowMs: () => 0 });
const text = (...lines: string[]) => lines.join('\n');

beforeAll(async () => {
  await loadExplainSchema();
});

describe('kubectl explain: a field', () => {
  it('prints FIELD, its description then the one of its type, and the type’s fields with ENUM summaries', () => {
    // Sample: a learner's notes of `kubectl explain pod.spec.volumes.hostPath` (kubectl ≥ 1.30, lines
    // commented out with `# `); its empty lines are the template's 4-space ones here.
    expect(k('explain pod.spec.volumes.hostPath')).toEqual({
      stdout: text(
        'KIND:       Pod',
        'VERSION:    v1',
        '',
        'FIELD: hostPath <HostPathVolumeSource>',
        '',
        '',
        'DESCRIPTION:',
        '    hostPath represents a pre-existing file or directory on the host machine',
        '    that is directly exposed to the container. This is generally used for system',
        '    agents or other privileged things that are allowed to see the host machine.',
        '    Most containers will NOT need this. More info:',
        '    https://kubernetes.io/docs/concepts/storage/volumes#hostpath',
        '    Represents a host path mapped into a pod. Host path volumes do not support',
        '    ownership management or SELinux relabeling.',
        '    ',
        'FIELDS:',
        '  path\t<string> -required-',
        '    path of the directory on the host. If the path is a symlink, it will follow',
        '    the link to the real path. More info:',
        '    https://kubernetes.io/docs/concepts/storage/volumes#hostpath',
        '',
        '  type\t<string>',
        '  enum: "", BlockDevice, CharDevice, Directory, ....',
        '    type for HostPath Volume Defaults to "" More info:',
        '    https://kubernetes.io/docs/concepts/storage/volumes#hostpath',
        '    ',
        '    Possible enum values:',
        '     - `""` For backwards compatible, leave it empty if unset',
        '     - `"BlockDevice"` A block device must exist at the given path',
        '     - `"CharDevice"` A character device must exist at the given path',
        '     - `"Directory"` A directory must exist at the given path',
        '     - `"DirectoryOrCreate"` If nothing exists at the given path, an empty',
        '    directory will be created there as needed with file mode 0755, having the',
        '    same group and ownership with Kubelet.',
        '     - `"File"` A file must exist at the given path',
        '     - `"FileOrCreate"` If nothing exists at the given path, an empty file will',
        '    be created there as needed with file mode 0644, having the same group and',
        '    ownership with Kubelet.',
        '     - `"Socket"` A UNIX socket must exist at the given path',
        '',
        '',
        '',
      ),
      stderr: '',
      exitCode: 0,
    });
  });

  it('prints a field with enum values as ENUM, one a line', () => {
    // Sample: a blog's `kubectl explain pod.spec.restartPolicy` (kubectl ≥ 1.30; the blog trimmed the
    // trailing spaces: kube-openapi writes ` - `%q` %s` with an empty comment).
    expect(k('explain pod.spec.restartPolicy').stdout).toBe(
      text(
        'KIND:       Pod',
        'VERSION:    v1',
        '',
        'FIELD: restartPolicy <string>',
        'ENUM:',
        '    Always',
        '    Never',
        '    OnFailure',
        '',
        'DESCRIPTION:',
        '    Restart policy for all containers within the pod. One of Always, OnFailure,',
        '    Never. In some contexts, only a subset of those values may be permitted.',
        '    Default to Always. More info:',
        '    https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy',
        '    ',
        '    Possible enum values:',
        '     - `"Always"` ',
        '     - `"Never"` ',
        '     - `"OnFailure"` ',
        '    ',
        '',
        '',
      ),
    );
  });

  it('wraps each enum value’s comment under the description (svc.spec.type)', () => {
    // Sample: a CKA learner's terminal log of `kubectl explain svc.spec.type` (kubectl ≥ 1.30; the
    // learner typed a remark into the LoadBalancer line, left out here).
    expect(k('explain svc.spec.type').stdout).toBe(
      text(
        'KIND:       Service',
        'VERSION:    v1',
        '',
        'FIELD: type <string>',
        'ENUM:',
        '    ClusterIP',
        '    ExternalName',
        '    LoadBalancer',
        '    NodePort',
        '',
        'DESCRIPTION:',
        '    type determines how the Service is exposed. Defaults to ClusterIP. Valid',
        '    options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP"',
        '    allocates a cluster-internal IP address for load-balancing to endpoints.',
        '    Endpoints are determined by the selector or if that is not specified, by',
        '    manual construction of an Endpoints object or EndpointSlice objects. If',
        '    clusterIP is "None", no virtual IP is allocated and the endpoints are',
        '    published as a set of endpoints rather than a virtual IP. "NodePort" builds',
        '    on ClusterIP and allocates a port on every node which routes to the same',
        '    endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an',
        '    external load-balancer (if supported in the current cloud) which routes to',
        '    the same endpoints as the clusterIP. "ExternalName" aliases this service to',
        '    the specified externalName. Several other fields do not apply to',
        '    ExternalName services. More info:',
        '    https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
        '    ',
        '    Possible enum values:',
        '     - `"ClusterIP"` means a service will only be accessible inside the cluster,',
        '    via the cluster IP.',
        '     - `"ExternalName"` means a service consists of only a reference to an',
        '    external name that kubedns or equivalent will return as a CNAME record, with',
        '    no exposing or proxying of any pods involved.',
        '     - `"LoadBalancer"` means a service will be exposed via an external load',
        "    balancer (if the cloud provider supports it), in addition to 'NodePort'",
        '    type.',
        '     - `"NodePort"` means a service will be exposed on one port of every node,',
        "    in addition to 'ClusterIP' type.",
        '    ',
        '',
        '',
      ),
    );
  });

  it('prints the enum values of a type outside the common list (svc.spec.ipFamilyPolicy)', () => {
    // IPFamilyPolicy is `+enum` in k8s.io/api 1.31 core/v1; each line is a constant and its doc comment.
    expect(k('explain svc.spec.ipFamilyPolicy').stdout).toBe(
      text(
        'KIND:       Service',
        'VERSION:    v1',
        '',
        'FIELD: ipFamilyPolicy <string>',
        'ENUM:',
        '    PreferDualStack',
        '    RequireDualStack',
        '    SingleStack',
        '',
        'DESCRIPTION:',
        '    IPFamilyPolicy represents the dual-stack-ness requested or required by this',
        '    Service. If there is no value provided, then this field will be set to',
        '    SingleStack. Services can be "SingleStack" (a single IP family),',
        '    "PreferDualStack" (two IP families on dual-stack configured clusters or a',
        '    single IP family on single-stack clusters), or "RequireDualStack" (two IP',
        '    families on dual-stack configured clusters, otherwise fail). The ipFamilies',
        '    and clusterIPs fields depend on the value of this field. This field will be',
        '    wiped when updating a service to type ExternalName.',
        '    ',
        '    Possible enum values:',
        '     - `"PreferDualStack"` indicates that this service prefers dual-stack when',
        '    the cluster is configured for dual-stack. If the cluster is not configured',
        '    for dual-stack the service will be assigned a single IPFamily. If the',
        '    IPFamily is not set in service.spec.ipFamilies then the service will be',
        '    assigned the default IPFamily configured on the cluster',
        '     - `"RequireDualStack"` indicates that this service requires dual-stack.',
        '    Using IPFamilyPolicyRequireDualStack on a single stack cluster will result',
        '    in validation errors. The IPFamilies (and their order) assigned to this',
        '    service is based on service.spec.ipFamilies. If service.spec.ipFamilies was',
        '    not provided then it will be assigned according to how they are configured',
        '    on the cluster. If service.spec.ipFamilies has only one entry then the',
        '    alternative IPFamily will be added by apiserver',
        '     - `"SingleStack"` indicates that this service is required to have a single',
        '    IPFamily. The IPFamily assigned is based on the default IPFamily used by the',
        '    cluster or as identified by service.spec.ipFamilies field',
        '    ',
        '',
        '',
      ),
    );
  });

  it('prints the enum of a networking type (ing.spec.rules.http.paths.pathType)', () => {
    expect(k('explain ing.spec.rules.http.paths.pathType').stdout).toBe(
      text(
        'GROUP:      networking.k8s.io',
        'KIND:       Ingress',
        'VERSION:    v1',
        '',
        'FIELD: pathType <string>',
        'ENUM:',
        '    Exact',
        '    ImplementationSpecific',
        '    Prefix',
        '',
        'DESCRIPTION:',
        '    pathType determines the interpretation of the path matching. PathType can be',
        '    one of the following values: * Exact: Matches the URL path exactly. *',
        "    Prefix: Matches based on a URL path prefix split by '/'. Matching is",
        '    done on a path element by element basis. A path element refers is the',
        "    list of labels in the path split by the '/' separator. A request is a",
        '    match for path p if every p is an element-wise prefix of p of the',
        '    request path. Note that if the last element of the path is a substring',
        '    of the last element in request path, it is not a match (e.g. /foo/bar',
        '    matches /foo/bar/baz, but does not match /foo/barbaz).',
        '    * ImplementationSpecific: Interpretation of the Path matching is up to',
        '    the IngressClass. Implementations can treat this as a separate PathType',
        '    or treat it identically to Prefix or Exact path types.',
        '    Implementations are required to support all path types.',
        '    ',
        '    Possible enum values:',
        '     - `"Exact"` matches the URL path exactly and with case sensitivity.',
        '     - `"ImplementationSpecific"` matching is up to the IngressClass.',
        '    Implementations can treat this as a separate PathType or treat it',
        '    identically to Prefix or Exact path types.',
        "     - `\"Prefix\"` matches based on a URL path prefix split by '/'. Matching is",
        '    case sensitive and done on a path element by element basis. A path element',
        "    refers to the list of labels in the path split by the '/' separator. A",
        '    request is a match for path p if every p is an element-wise prefix of p of',
        '    the request path. Note that if the last element of the path is a substring',
        '    of the last element in request path, it is not a match (e.g. /foo/bar',
        '    matches /foo/bar/baz, but does not match /foo/barbaz). If multiple matching',
        '    paths exist in an Ingress spec, the longest matching path is given priority.',
        '    Examples: - /foo/bar does not match requests to /foo/barbaz - /foo/bar',
        '    matches request to /foo/bar and /foo/bar/baz - /foo and /foo/ both match',
        '    requests to /foo and /foo/. If both paths are present in an Ingress spec,',
        '    the longest matching path (/foo/) is given priority.',
        '    ',
        '',
        '',
      ),
    );
  });

  it('prints no ENUM for a list of an enum type (the OpenAPI puts the values on its items)', () => {
    const out = k('explain svc.spec.ipFamilies').stdout;
    expect(out).toContain('FIELD: ipFamilies <[]string>\n\n\nDESCRIPTION:\n');
    expect(out).not.toContain('ENUM:');
    expect(out).not.toContain('Possible enum values');
  });

  it('prints the enum of a field whose Go type the compact schema leaves unnamed (pv.status.phase)', () => {
    expect(k('explain pv.status.phase').stdout).toContain(
      text('FIELD: phase <string>', 'ENUM:', '    Available', '    Bound', '    Failed', '    Pending', '    Released', '', 'DESCRIPTION:'),
    );
  });

  it('names the group of a grouped kind', () => {
    // Sample: a CKAD exercise's `k explain deployment.spec.strategy.type` (kubectl 1.27, before the ENUM
    // block of 1.30; the description, its wrapping and the enum list are the same).
    expect(k('explain deployment.spec.strategy.type').stdout).toBe(
      text(
        'GROUP:      apps',
        'KIND:       Deployment',
        'VERSION:    v1',
        '',
        'FIELD: type <string>',
        'ENUM:',
        '    Recreate',
        '    RollingUpdate',
        '',
        'DESCRIPTION:',
        '    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is',
        '    RollingUpdate.',
        '    ',
        '    Possible enum values:',
        '     - `"Recreate"` Kill all existing pods before creating new ones.',
        '     - `"RollingUpdate"` Replace the old ReplicaSets by new one using rolling',
        '    update i.e gradually scale down the old ReplicaSets and scale up the new',
        '    one.',
        '    ',
        '',
        '',
      ),
    );
  });

  it('goes through a list to its items’ fields (pod.spec.containers.ports)', () => {
    // The template: a list's description is its own, then its items' definition's.
    expect(k('explain pod.spec.containers.ports').stdout).toBe(
      text(
        'KIND:       Pod',
        'VERSION:    v1',
        '',
        'FIELD: ports <[]ContainerPort>',
        '',
        '',
        'DESCRIPTION:',
        '    List of ports to expose from the container. Not specifying a port here DOES',
        '    NOT prevent that port from being exposed. Any port which is listening on the',
        '    default "0.0.0.0" address inside a container will be accessible from the',
        '    network. Modifying this array with strategic merge patch may corrupt the',
        '    data. For more information See',
        '    https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.',
        '    ContainerPort represents a network port in a single container.',
        '    ',
        'FIELDS:',
        '  containerPort\t<integer> -required-',
        "    Number of port to expose on the pod's IP address. This must be a valid port",
        '    number, 0 < x < 65536.',
        '',
        '  hostIP\t<string>',
        '    What host IP to bind the external port to.',
        '',
        '  hostPort\t<integer>',
        '    Number of port to expose on the host. If specified, this must be a valid',
        '    port number, 0 < x < 65536. If HostNetwork is specified, this must match',
        '    ContainerPort. Most containers do not need this.',
        '',
        '  name\t<string>',
        '    If specified, this must be an IANA_SVC_NAME and unique within the pod. Each',
        '    named port in a pod must have a unique name. Name for the port that can be',
        '    referred to by services.',
        '',
        '  protocol\t<string>',
        '  enum: SCTP, TCP, UDP',
        '    Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".',
        '    ',
        '    Possible enum values:',
        '     - `"SCTP"` is the SCTP protocol.',
        '     - `"TCP"` is the TCP protocol.',
        '     - `"UDP"` is the UDP protocol.',
        '',
        '',
        '',
      ),
    );
  });

  it('prints pod.spec: its description, PodSpec’s, and the fields with -required- and enum lines', () => {
    const out = k('explain pod.spec').stdout;
    expect(out.slice(0, out.indexOf('  enableServiceLinks'))).toBe(
      text(
        'KIND:       Pod',
        'VERSION:    v1',
        '',
        'FIELD: spec <PodSpec>',
        '',
        '',
        'DESCRIPTION:',
        '    Specification of the desired behavior of the pod. More info:',
        '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
        '    PodSpec is a description of a pod.',
        '    ',
        'FIELDS:',
        '  activeDeadlineSeconds\t<integer>',
        '    Optional duration in seconds the pod may be active on the node relative to',
        '    StartTime before the system will actively try to mark it failed and kill',
        '    associated containers. Value must be a positive integer.',
        '',
        '  affinity\t<Affinity>',
        "    If specified, the pod's scheduling constraints",
        '',
        '  automountServiceAccountToken\t<boolean>',
        '    AutomountServiceAccountToken indicates whether a service account token',
        '    should be automatically mounted.',
        '',
        '  containers\t<[]Container> -required-',
        '    List of containers belonging to the pod. Containers cannot currently be',
        '    added or removed. There must be at least one container in a Pod. Cannot be',
        '    updated.',
        '',
        '  dnsConfig\t<PodDNSConfig>',
        '    Specifies the DNS parameters of a pod. Parameters specified here will be',
        '    merged to the generated DNS configuration based on DNSPolicy.',
        '',
        '  dnsPolicy\t<string>',
        '  enum: ClusterFirst, ClusterFirstWithHostNet, Default, None',
        '    Set DNS policy for the pod. Defaults to "ClusterFirst". Valid values are',
        "    'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. DNS",
        '    parameters given in DNSConfig will be merged with the policy selected with',
        '    DNSPolicy. To have DNS options set along with hostNetwork, you have to',
        "    specify DNS policy explicitly to 'ClusterFirstWithHostNet'.",
        '    ',
        '    Possible enum values:',
        '     - `"ClusterFirst"` indicates that the pod should use cluster DNS first',
        '    unless hostNetwork is true, if it is available, then fall back on the',
        '    default (as determined by kubelet) DNS settings.',
        '     - `"ClusterFirstWithHostNet"` indicates that the pod should use cluster DNS',
        '    first, if it is available, then fall back on the default (as determined by',
        '    kubelet) DNS settings.',
        '     - `"Default"` indicates that the pod should use the default (as determined',
        '    by kubelet) DNS settings.',
        '     - `"None"` indicates that the pod should use empty DNS settings. DNS',
        '    parameters such as nameservers and search paths should be defined via',
        '    DNSConfig.',
        '',
        '',
      ),
    );
    // The fields come in name order, each once.
    const names = [...out.matchAll(/^ {2}(\w+)\t/gm)].map((m) => m[1]!);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(39);
  });

  it('names a Time <string>, a Quantity map <map[string]Quantity>, and appends their definitions’ descriptions', () => {
    const ts = k('explain po.metadata.creationTimestamp').stdout;
    expect(ts.split('\n').slice(3, 5)).toEqual(['FIELD: creationTimestamp <string>', '']);
    expect(ts).toContain(
      '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata\n    Time is a wrapper around time.Time which supports correct marshaling to YAML\n    and JSON.  Wrappers are provided for many of the factory methods that the\n    time package offers.\n    \n\n',
    );
    expect(k('explain pod.spec.containers.resources.limits').stdout.split('\n')[3]).toBe('FIELD: limits <map[string]Quantity>');
    expect(k('explain svc.spec.ports.targetPort').stdout.split('\n')[3]).toBe('FIELD: targetPort <IntOrString>');
  });
});

describe('kubectl explain: a kind', () => {
  it('prints the kind’s description and its fields (pods)', () => {
    // Sample: the layout of kubectl's plaintext template (descriptions wrapped at 76 under 4 spaces,
    // fields indented 2, a blank line after each) over the 1.31 descriptions.
    expect(k('explain pods')).toEqual({
      stdout: text(
        'KIND:       Pod',
        'VERSION:    v1',
        '',
        'DESCRIPTION:',
        '    Pod is a collection of containers that can run on a host. This resource is',
        '    created by clients and scheduled onto hosts.',
        '    ',
        'FIELDS:',
        '  apiVersion\t<string>',
        '    APIVersion defines the versioned schema of this representation of an object.',
        '    Servers should convert recognized schemas to the latest internal value, and',
        '    may reject unrecognized values. More info:',
        '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
        '',
        '  kind\t<string>',
        '    Kind is a string value representing the REST resource this object',
        '    represents. Servers may infer this from the endpoint the client submits',
        '    requests to. Cannot be updated. In CamelCase. More info:',
        '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
        '',
        '  metadata\t<ObjectMeta>',
        "    Standard object's metadata. More info:",
        '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
        '',
        '  spec\t<PodSpec>',
        '    Specification of the desired behavior of the pod. More info:',
        '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
        '',
        '  status\t<PodStatus>',
        '    Most recently observed status of the pod. This data may not be up to date.',
        '    Populated by the system. Read-only. More info:',
        '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
        '',
        '',
        '',
      ),
      stderr: '',
      exitCode: 0,
    });
  });

  it('prints the tree of a small type with --recursive', () => {
    expect(k('explain deployment.spec.strategy --recursive').stdout).toBe(
      text(
        'GROUP:      apps',
        'KIND:       Deployment',
        'VERSION:    v1',
        '',
        'FIELD: strategy <DeploymentStrategy>',
        '',
        '',
        'DESCRIPTION:',
        '    The deployment strategy to use to replace existing pods with new ones.',
        '    DeploymentStrategy describes how to replace existing pods with new ones.',
        '    ',
        'FIELDS:',
        '  rollingUpdate\t<RollingUpdateDeployment>',
        '    maxSurge\t<IntOrString>',
        '    maxUnavailable\t<IntOrString>',
        '  type\t<string>',
        '  enum: Recreate, RollingUpdate',
        '',
        '',
      ),
    );
  });

  it('ends --recursive at a definition already on the path (JSONSchemaProps holds itself)', () => {
    const out = k('explain crd.spec.versions.schema --recursive').stdout;
    expect(out).toContain('\n  openAPIV3Schema\t<JSONSchemaProps>\n    $ref\t<string>\n');
    expect(out).toContain('\n    properties\t<map[string]JSONSchemaProps>\n    required\t<[]string>\n');
  });

  it('resolves resource names as kubectl does: plural, singular, short name, kind, plural.group', () => {
    const pod = k('explain pod.spec.restartPolicy').stdout;
    for (const name of ['pods', 'po', 'Pod']) expect(k(`explain ${name}.spec.restartPolicy`).stdout).toBe(pod);
    const deploy = k('explain deployment.spec.template').stdout;
    expect(deploy.split('\n').slice(0, 5)).toEqual(['GROUP:      apps', 'KIND:       Deployment', 'VERSION:    v1', '', 'FIELD: template <PodTemplateSpec>']);
    for (const name of ['deploy', 'deployments', 'deployments.apps']) expect(k(`explain ${name}.spec.template`).stdout).toBe(deploy);
    // a trailing dot is ignored
    expect(k('explain pods.').stdout).toBe(k('explain pods').stdout);
    // --api-version names the version; the preferred one is the default
    expect(k('explain hpa').stdout.split('\n')[2]).toBe('VERSION:    v2');
    expect(k('explain hpa --api-version=autoscaling/v1').stdout.split('\n')[2]).toBe('VERSION:    v1');
  });
});

describe('kubectl explain: errors', () => {
  it('prints kubectl’s errors', () => {
    const err = (line: string) => {
      const r = k(line);
      return [r.stdout, r.stderr, r.exitCode];
    };
    expect(err('explain')).toEqual(['', 'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n', 1]);
    expect(err('explain pods svc')).toEqual(['', 'error: We accept only this format: explain RESOURCE\n', 1]);
    expect(err('explain foo')).toEqual(['', 'error: the server doesn\'t have a resource type "foo"\n', 1]);
    expect(err('explain pod.spec.foo')).toEqual(['', 'error: field "foo" does not exist\n', 1]);
    // the template names the last part of the path, wherever the walk ended
    expect(err('explain pod.spec.foo.bar')).toEqual(['', 'error: field "bar" does not exist\n', 1]);
    expect(err('explain pod.spec.restartPolicy.x')).toEqual(['', 'error: field "x" does not exist\n', 1]);
    // only the plural spells a group: `deploy.apps` is the field path `apps.spec`
    expect(err('explain deploy.apps.spec')).toEqual(['', 'error: field "spec" does not exist\n', 1]);
    expect(err('explain deploy --api-version=apps/v2')).toEqual(['', 'error: couldn\'t find resource for "apps/v2, Resource=deployments"\n', 1]);
    expect(err('explain pods --api-version=apps/v1')).toEqual(['', 'error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema\n', 1]);
    expect(err('explain pods --api-version=a/b/c')).toEqual(['', 'error: unexpected GroupVersion string: a/b/c\n', 1]);
    expect(err('explain pods -o yaml')).toEqual(['', 'error: unrecognized format: yaml\n', 1]);
  });
});

describe('wordWrap (go-wordwrap)', () => {
  it('breaks at spaces within the limit, keeps long words whole and keeps line breaks', () => {
    expect(wordWrap('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wordWrap('a https://example.com/a/very/long/url b', 10)).toBe('a\nhttps://example.com/a/very/long/url\nb');
    expect(wordWrap('one\n\ntwo', 76)).toBe('one\n\ntwo');
    // spaces before a break stay when they fit
    expect(wordWrap(' - `"Always"` \nx', 76)).toBe(' - `"Always"` \nx');
  });
});
