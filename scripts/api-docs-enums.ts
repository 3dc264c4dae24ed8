/**
 * The `+enum` string types of k8s.io/api 1.31 that manifests commonly carry, with their constants, as
 * the OpenAPI generator (kube-openapi's enum.go) lists them after "Possible enum values:": each
 * constant's value and its doc comment with the constant's name trimmed from its front ('' when the
 * constant has none). scripts/gen-api-docs.ts puts them on every field of that Go type (a field, not a
 * list of them: the OpenAPI puts a list's values on its items, which explain does not print).
 *
 * Key: the Go type as k8s-1.31.json names it (`v1.PullPolicy`).
 */
export const ENUM_TYPES: Record<string, [value: string, comment: string][]> = {
  // core/v1
  'v1.Protocol': [
    ['SCTP', 'is the SCTP protocol.'],
    ['TCP', 'is the TCP protocol.'],
    ['UDP', 'is the UDP protocol.'],
  ],
  'v1.PullPolicy': [
    ['Always', 'means that kubelet always attempts to pull the latest image. Container will fail If the pull fails.'],
    ['IfNotPresent', "means that kubelet pulls if the image isn't present on disk. Container will fail if the image isn't present and the pull fails."],
    ['Never', "means that kubelet never pulls an image, but only uses a local image. Container will fail if the image isn't present"],
  ],
  'v1.TerminationMessagePolicy': [
    ['FallbackToLogsOnError', 'will read the most recent contents of the container logs for the container status message when the container exits with an error and the terminationMessagePath has no contents.'],
    ['File', "is the default behavior and will set the container status message to the contents of the container's terminationMessagePath when the container exits."],
  ],
  'v1.RestartPolicy': [
    ['Always', ''],
    ['Never', ''],
    ['OnFailure', ''],
  ],
  'v1.DNSPolicy': [
    ['ClusterFirst', 'indicates that the pod should use cluster DNS first unless hostNetwork is true, if it is available, then fall back on the default (as determined by kubelet) DNS settings.'],
    ['ClusterFirstWithHostNet', 'indicates that the pod should use cluster DNS first, if it is available, then fall back on the default (as determined by kubelet) DNS settings.'],
    ['Default', 'indicates that the pod should use the default (as determined by kubelet) DNS settings.'],
    ['None', 'indicates that the pod should use empty DNS settings. DNS parameters such as nameservers and search paths should be defined via DNSConfig.'],
  ],
  'v1.PreemptionPolicy': [
    ['Never', 'means that pod never preempts other pods with lower priority.'],
    ['PreemptLowerPriority', 'means that pod can preempt other pods with lower priority.'],
  ],
  'v1.URIScheme': [
    ['HTTP', 'means that the scheme used will be http://'],
    ['HTTPS', 'means that the scheme used will be https://'],
  ],
  'v1.ServiceType': [
    ['ClusterIP', 'means a service will only be accessible inside the cluster, via the cluster IP.'],
    ['ExternalName', 'means a service consists of only a reference to an external name that kubedns or equivalent will return as a CNAME record, with no exposing or proxying of any pods involved.'],
    ['LoadBalancer', "means a service will be exposed via an external load balancer (if the cloud provider supports it), in addition to 'NodePort' type."],
    ['NodePort', "means a service will be exposed on one port of every node, in addition to 'ClusterIP' type."],
  ],
  'v1.ServiceAffinity': [
    ['ClientIP', 'is the Client IP based.'],
    ['None', '- no session affinity.'],
  ],
  'v1.ServiceExternalTrafficPolicy': [
    ['Cluster', 'routes traffic to all endpoints.'],
    ['Local', 'preserves the source IP of the traffic by routing only to endpoints on the same node as the traffic was received on (dropping the traffic if there are no local endpoints).'],
  ],
  'v1.ServiceInternalTrafficPolicy': [
    ['Cluster', 'routes traffic to all endpoints.'],
    ['Local', 'routes traffic only to endpoints on the same node as the client pod (dropping the traffic if there are no local endpoints).'],
  ],
  'v1.TaintEffect': [
    ['NoExecute', 'Evict any already-running pods that do not tolerate the taint. Currently enforced by NodeController.'],
    ['NoSchedule', 'Do not allow new pods to schedule onto the node unless they tolerate the taint, but allow all pods submitted to Kubelet without going through the scheduler to start, and allow all already-running pods to continue running. Enforced by the scheduler.'],
    ['PreferNoSchedule', 'Like TaintEffectNoSchedule, but the scheduler tries not to schedule new pods onto the node, rather than prohibiting new pods from scheduling onto the node entirely. Enforced by the scheduler.'],
  ],
  'v1.TolerationOperator': [
    ['Equal', ''],
    ['Exists', ''],
  ],
  'v1.NodeSelectorOperator': [
    ['DoesNotExist', ''],
    ['Exists', ''],
    ['Gt', ''],
    ['In', ''],
    ['Lt', ''],
    ['NotIn', ''],
  ],
  'v1.ScopeSelectorOperator': [
    ['DoesNotExist', ''],
    ['Exists', ''],
    ['In', ''],
    ['NotIn', ''],
  ],
  'v1.UnsatisfiableConstraintAction': [
    ['DoNotSchedule', 'instructs the scheduler not to schedule the pod when constraints are not satisfied.'],
    ['ScheduleAnyway', 'instructs the scheduler to schedule the pod even if constraints are not satisfied.'],
  ],
  'v1.NodeInclusionPolicy': [
    ['Honor', 'means use this scheduling directive when calculating pod topology spread skew.'],
    ['Ignore', 'means ignore this scheduling directive when calculating pod topology spread skew.'],
  ],
  'v1.PodPhase': [
    ['Failed', 'means that all containers in the pod have terminated, and at least one container has terminated in a failure (exited with a non-zero exit code or was stopped by the system).'],
    ['Pending', 'means the pod has been accepted by the system, but one or more of the containers has not been started. This includes time before being bound to a node, as well as time spent pulling images onto the host.'],
    ['Running', 'means the pod has been bound to a node and all of the containers have been started. At least one container is still running or is in the process of being restarted.'],
    ['Succeeded', 'means that all containers in the pod have voluntarily terminated with a container exit code of 0, and the system is not going to restart any of these containers.'],
    ['Unknown', "means that for some reason the state of the pod could not be obtained, typically due to an error in communicating with the host of the pod. Deprecated: It isn't being set since 2015 (74da3b14b0c0f658b3bb8d2def5094686d0e9095)"],
  ],
  'v1.PodQOSClass': [
    ['BestEffort', 'is the BestEffort qos class.'],
    ['Burstable', 'is the Burstable qos class.'],
    ['Guaranteed', 'is the Guaranteed qos class.'],
  ],
  'v1.PersistentVolumeMode': [
    ['Block', 'means the volume will not be formatted with a filesystem and will remain a raw block device.'],
    ['Filesystem', 'means the volume will be or is formatted with a filesystem.'],
  ],
  'v1.PersistentVolumeReclaimPolicy': [
    ['Delete', 'means the volume will be deleted from Kubernetes on release from its claim. The volume plugin must support Deletion.'],
    ['Recycle', 'means the volume will be recycled back into the pool of unbound persistent volumes on release from its claim. The volume plugin must support Recycling.'],
    ['Retain', 'means the volume will be left in its current phase (Released) for manual reclamation by the administrator. The default policy is Retain.'],
  ],
  'v1.PersistentVolumeClaimPhase': [
    ['Bound', 'used for PersistentVolumeClaims that are bound'],
    ['Lost', 'used for PersistentVolumeClaims that lost their underlying PersistentVolume. The claim was bound to a PersistentVolume and this volume does not exist any longer and all data on it was lost.'],
    ['Pending', 'used for PersistentVolumeClaims that are not yet bound'],
  ],
  'v1.HostPathType': [
    ['', 'For backwards compatible, leave it empty if unset'],
    ['BlockDevice', 'A block device must exist at the given path'],
    ['CharDevice', 'A character device must exist at the given path'],
    ['Directory', 'A directory must exist at the given path'],
    ['DirectoryOrCreate', 'If nothing exists at the given path, an empty directory will be created there as needed with file mode 0755, having the same group and ownership with Kubelet.'],
    ['File', 'A file must exist at the given path'],
    ['FileOrCreate', 'If nothing exists at the given path, an empty file will be created there as needed with file mode 0644, having the same group and ownership with Kubelet.'],
    ['Socket', 'A UNIX socket must exist at the given path'],
  ],
  'v1.MountPropagationMode': [
    ['Bidirectional', 'means that the volume in a container will receive new mounts from the host or other containers, and its own mounts will be propagated from the container to the host or other containers. Note that this mode is recursively applied to all mounts in the volume ("rshared" in Linux terminology).'],
    ['HostToContainer', 'means that the volume in a container will receive new mounts from the host or other containers, but filesystems mounted inside the container won\'t be propagated to the host or other containers. Note that this mode is recursively applied to all mounts in the volume ("rslave" in Linux terminology).'],
    ['None', 'means that the volume in a container will not receive new mounts from the host or other containers, and filesystems mounted inside the container won\'t be propagated to the host or other containers. Note that this mode corresponds to "private" in Linux terminology.'],
  ],
  'v1.SeccompProfileType': [
    ['Localhost', "indicates a profile defined in a file on the node should be used. The file's location relative to <kubelet-root-dir>/seccomp."],
    ['RuntimeDefault', 'represents the default container runtime seccomp profile.'],
    ['Unconfined', 'indicates no seccomp profile is applied (A.K.A. unconfined).'],
  ],
  'v1.AppArmorProfileType': [
    ['Localhost', 'indicates that a profile pre-loaded on the node should be used.'],
    ['RuntimeDefault', "indicates that the container runtime's default AppArmor profile should be used."],
    ['Unconfined', 'indicates that no AppArmor profile should be enforced.'],
  ],
  'v1.PodFSGroupChangePolicy': [
    ['Always', "indicates that volume's ownership and permissions should always be changed whenever volume is mounted inside a Pod. This the default behavior."],
    ['OnRootMismatch', "indicates that volume's ownership and permissions will be changed only when permission and ownership of root directory does not match with expected permissions on the volume. This can help shorten the time it takes to change ownership and permissions of a volume."],
  ],
  'v1.NamespacePhase': [
    ['Active', 'means the namespace is available for use in the system'],
    ['Terminating', 'means the namespace is undergoing graceful termination'],
  ],
  'v1.NodePhase': [
    ['Pending', 'means the node has been created/added by the system, but not configured.'],
    ['Running', 'means the node has been configured and has Kubernetes components running.'],
    ['Terminated', 'means the node has been removed from the cluster.'],
  ],
  'v1.LimitType': [
    ['Container', 'Limit that applies to all containers in a namespace'],
    ['PersistentVolumeClaim', 'Limit that applies to all persistent volume claims in a namespace'],
    ['Pod', 'Limit that applies to all pods in a namespace'],
  ],
  // apps/v1
  'v1.DeploymentStrategyType': [
    ['Recreate', 'Kill all existing pods before creating new ones.'],
    ['RollingUpdate', 'Replace the old ReplicaSets by new one using rolling update i.e gradually scale down the old ReplicaSets and scale up the new one.'],
  ],
  'v1.StatefulSetUpdateStrategyType': [
    ['OnDelete', "triggers the legacy behavior. Version tracking and ordered rolling restarts are disabled. Pods are recreated from the StatefulSetSpec when they are manually deleted. When a scale operation is performed with this strategy,specification version indicated by the StatefulSet's currentRevision."],
    ['RollingUpdate', "indicates that update will be applied to all Pods in the StatefulSet with respect to the StatefulSet ordering constraints. When a scale operation is performed with this strategy, new Pods will be created from the specification version indicated by the StatefulSet's updateRevision."],
  ],
  'v1.PodManagementPolicyType': [
    ['OrderedReady', 'will create pods in strictly increasing order on scale up and strictly decreasing order on scale down, progressing only when the previous pod is ready or terminated. At most one pod will be changed at any time.'],
    ['Parallel', 'will create and delete pods as soon as the stateful set replica count is changed, and will not wait for pods to be ready or complete termination.'],
  ],
  'v1.DaemonSetUpdateStrategyType': [
    ['OnDelete', "Replace the old daemons only when it's killed"],
    ['RollingUpdate', 'Replace the old daemons by new ones using rolling update i.e replace them on each node one after the other.'],
  ],
  // batch/v1
  'v1.ConcurrencyPolicy': [
    ['Allow', 'allows CronJobs to run concurrently.'],
    ['Forbid', "forbids concurrent runs, skipping next run if previous hasn't finished yet."],
    ['Replace', 'cancels currently running job and replaces it with a new one.'],
  ],
  'v1.CompletionMode': [
    ['Indexed', 'is a Job completion mode. In this mode, the Pods of a Job get an associated completion index from 0 to (.spec.completions - 1). The Job is considered complete when a Pod completes for each completion index.'],
    ['NonIndexed', 'is a Job completion mode. In this mode, the Job is considered complete when there have been .spec.completions successfully completed Pods. Pod completions are homologous to each other.'],
  ],
  'v1.PodReplacementPolicy': [
    ['Failed', 'means to wait until a previously created Pod is fully terminated (has phase Failed or Succeeded) before creating a replacement Pod.'],
    ['TerminatingOrFailed', 'means that we recreate pods when they are terminating (has a metadata.deletionTimestamp) or failed.'],
  ],
};
