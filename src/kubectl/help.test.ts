import { describe, expect, it } from "vitest";
import { createCluster } from "../sim/cluster";
import { helpText, runKubectl } from "./kubectl";

/** `kubectl help` of the real kubectl, every command listed. */
const REAL_HELP = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  certificate     Modify certificate resources
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  proxy           Run a proxy to the Kubernetes API server
  cp              Copy files and directories to and from containers
  auth            Inspect authorization
  debug           Create debugging sessions for troubleshooting workloads and nodes
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources
  kustomize       Build a kustomization target from a directory or URL

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource
  completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)

Subcommands provided by plugins:

Other Commands:
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of "group/version"
  config          Modify kubeconfig files
  plugin          Provides utilities for interacting with plugins
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const COMMAND_LINE = /^  ([a-z-]+) +/;

/** The real help without the lines of commands not in `listed`, and without the groups left empty. */
function realHelpListing(listed: Set<string>): string {
  const blocks = REAL_HELP.split("\n\n");
  return blocks
    .map((b) =>
      b
        .split("\n")
        .filter((l) => {
          const m = COMMAND_LINE.exec(l);
          return !m || l.startsWith("  kubectl") || listed.has(m[1]!);
        })
        .join("\n"),
    )
    .filter(
      (b, i) =>
        !(b.endsWith(":") && blocks[i]!.includes("\n") && b !== "Usage:"),
    )
    .join("\n\n");
}

describe("kubectl help", () => {
  const cluster = createCluster({ bare: true });
  const k = (line: string) =>
    runKubectl(line, {
      client: cluster.client(),
      nowMs: () => cluster.clock.now(),
    });
  const listed = new Set(
    [...helpText().matchAll(/^  ([a-z-]+) +/gm)]
      .map((m) => m[1]!)
      .filter((n) => n !== "kubectl"),
  );

  it("lists only commands that run: none of them is an unknown command", () => {
    expect(listed.has("get")).toBe(true);
    for (const name of listed)
      expect(k(`${name} --help`).stderr, name).not.toMatch(/unknown command/);
  });

  it("is kubectl's own help with the commands it does not have left out, in its groups, order and columns", () => {
    expect(k("help").stdout).toBe(realHelpListing(listed));
    expect(k("").stdout).toBe(helpText());
  });

  it("leaves out a group none of whose commands runs", () => {
    // None of certificate, cluster-info is here unless registered; the Deploy group always has rollout and scale.
    expect(helpText()).toContain(
      "Deploy Commands:\n  rollout         Manage the rollout of a resource\n  scale           Set a new size for a deployment, replica set, or replication controller\n",
    );
    expect(helpText()).not.toMatch(/:\n\n(?!Other|Usage)/);
  });
});
