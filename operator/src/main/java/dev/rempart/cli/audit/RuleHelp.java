package dev.rempart.cli.audit;

import java.util.Map;
import java.util.Optional;

/**
 * What each check looks for and how to fix what it finds, for SARIF's rules: code-scanning
 * dashboards show the short description as the alert's title, the full one under it and the help
 * (Markdown) as its remediation. Keyed by check id; {@code managedObjectDrift} is shared by every
 * control that owns objects.
 */
final class RuleHelp {
  /**
   * One check's text.
   *
   * @param title a short description: what is wrong, in a few words
   * @param description what the check looks at and why it matters
   * @param fix how to fix it, in Markdown
   */
  record Text(String title, String description, String fix) {}

  private static final Map<String, Text> TEXTS =
      Map.ofEntries(
          text(
              "defaultDeny",
              "Namespace without a default-deny NetworkPolicy",
              "Every governed namespace must deny ingress and egress traffic by default, so that"
                  + " pods receive and open only the connections a policy names.",
              "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` to"
                  + " the namespace. In Enforce, Rempart creates `rempart-default-deny` itself."),
          text(
              "allowAllPolicy",
              "NetworkPolicy that re-opens all traffic",
              "A policy with an empty rule (`ingress: [{}]` or `egress: [{}]`) admits every peer"
                  + " and undoes the namespace's default deny for the pods it selects.",
              "Replace the empty rule with the peers (`namespaceSelector`, `podSelector`,"
                  + " `ipBlock`) and ports the pods need."),
          text(
              "managedObjectDrift",
              "Object managed by Rempart changed by someone else",
              "An object Rempart applies (a NetworkPolicy, labels on a Namespace) differs from what"
                  + " the baseline wants.",
              "In Enforce, Rempart restores it. Otherwise restore it, or switch the control to"
                  + " Enforce; if another tool owns it, take it out of that tool's scope."),
          text(
              "slaBreached",
              "Vulnerability past its SLA (clause 4.7.3)",
              "A vulnerability with a fixed version has been in the image's repository longer"
                  + " than the baseline's SLA for its severity (critical and high 30 days, medium"
                  + " 90), counted from when it was first seen.",
              "Upgrade the package to its fixed version, rebuild the image and roll it out. If it"
                  + " cannot be fixed in time, record a BaselineException with the reason."),
          text(
              "dueSoon",
              "Vulnerability due soon (clause 4.7.3)",
              "A vulnerability with a fixed version reaches the end of its SLA within the"
                  + " baseline's `dueSoonDays`. A warning: the clause is not broken yet.",
              "Upgrade the package to its fixed version and rebuild the image before the due"
                  + " date."),
          text(
              "unfixable",
              "Vulnerability without a fix (clause 4.7.3)",
              "No fixed version of the package exists yet, so there is nothing to upgrade to and"
                  + " no deadline runs out. Reported apart, never a breach.",
              "Watch for a fixed version; meanwhile mitigate (remove the package, restrict what"
                  + " reaches the workload)."),
          text(
              "ungovernedNamespace",
              "Namespace the baseline does not govern",
              "With `spec.ungovernedNamespaces: Report` (or `--ungoverned-namespaces report`), a"
                  + " namespace the selector does not match escapes every control.",
              "Label the namespace so that `spec.namespaceSelector` matches it, or list it in"
                  + " `spec.excludedNamespaces` if leaving it out is intended."),
          text(
              "unevaluable",
              "Part of the cluster a control could not evaluate",
              "An object there has a shape the control does not handle, so what the control checks"
                  + " there is unknown; the rest of the baseline was evaluated.",
              "Look for the odd object in the namespace named (a field empty or missing that the"
                  + " API server would require), and report it to Rempart."),
          text(
              "namespaceLabels",
              "Namespace without Pod Security Admission labels",
              "Without `pod-security.kubernetes.io/enforce` (and a pinned `enforce-version`), the"
                  + " API server admits pods that break the Pod Security Standard.",
              "Label the namespace `pod-security.kubernetes.io/enforce=<level>` and"
                  + " `pod-security.kubernetes.io/enforce-version=<version>`. In Enforce, Rempart"
                  + " sets these labels itself."),
          pss("privileged", "Privileged container", "Set `securityContext.privileged: false`."),
          pss(
              "hostNamespaces",
              "Pod sharing the host's namespaces",
              "Remove `hostNetwork`, `hostPID` and `hostIPC`, or set them to `false`."),
          pss(
              "hostPathVolumes",
              "Pod mounting a hostPath volume",
              "Replace the `hostPath` volume with a PersistentVolumeClaim, a ConfigMap or an"
                  + " `emptyDir`."),
          pss("hostPorts", "Container using a host port", "Remove `hostPort` from the ports."),
          pss(
              "hostProbesAndHostLifecycle",
              "Probe or lifecycle hook aimed at another host",
              "Remove the `host` field of the probe's or hook's `httpGet`/`tcpSocket`."),
          pss(
              "capabilities_baseline",
              "Container adding a capability beyond the baseline set",
              "Remove the capability from `securityContext.capabilities.add`."),
          pss(
              "capabilities_restricted",
              "Container not dropping all capabilities",
              "Set `securityContext.capabilities.drop: [ALL]`; add back `NET_BIND_SERVICE` only"
                  + " if the container binds a port below 1024."),
          pss(
              "allowPrivilegeEscalation",
              "Container allowing privilege escalation",
              "Set `securityContext.allowPrivilegeEscalation: false`."),
          pss(
              "runAsNonRoot",
              "Container allowed to run as root",
              "Set `securityContext.runAsNonRoot: true` on the pod or every container, with an"
                  + " image whose user is not root."),
          pss(
              "runAsUser",
              "Container running as user 0",
              "Set `securityContext.runAsUser` to a non-zero UID, or remove it."),
          pss(
              "seccompProfile_baseline",
              "Unconfined seccomp profile",
              "Set `securityContext.seccompProfile.type` to `RuntimeDefault` or `Localhost`."),
          pss(
              "seccompProfile_restricted",
              "No seccomp profile",
              "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod."),
          pss(
              "appArmorProfile",
              "Unconfined AppArmor profile",
              "Use `RuntimeDefault` or a `Localhost` AppArmor profile."),
          pss(
              "seLinuxOptions",
              "Custom SELinux type or user",
              "Remove `seLinuxOptions.user`/`role` and use an allowed `type`."),
          pss("procMount", "Unmasked /proc", "Remove `securityContext.procMount`."),
          pss("procMount_restricted", "Unmasked /proc", "Remove `securityContext.procMount`."),
          pss(
              "restrictedVolumes",
              "Volume type outside the restricted set",
              "Use only ConfigMap, Secret, downwardAPI, emptyDir, projected, ephemeral, CSI and"
                  + " PersistentVolumeClaim volumes."),
          pss("sysctls", "Unsafe sysctl", "Remove the sysctl, or use one of the safe set."),
          pss(
              "windowsHostProcess",
              "Windows HostProcess container",
              "Remove `windowsOptions.hostProcess`."),
          text(
              "mutableImageTag",
              "Image without a fixed tag",
              "An image tagged `:latest` (or untagged) changes under the pod without a change to"
                  + " the manifest, so what runs is not what was reviewed.",
              "Pin the image to a version tag, or better to a digest (`image@sha256:...`)."),
          text(
              "automountServiceAccountToken",
              "Service-account token mounted but not needed",
              "A pod that does not call the API server should not carry a token that lets it.",
              "Set `automountServiceAccountToken: false` on the pod (or its ServiceAccount)."),
          text(
              "nodePortService",
              "NodePort Service",
              "A NodePort opens the port on every node, outside the NetworkPolicies' reach.",
              "Use a ClusterIP Service behind an Ingress, or a LoadBalancer."),
          text(
              "environmentLabel",
              "Namespace without an environment label",
              "Production can be kept apart only from namespaces that say what environment they"
                  + " are.",
              "Label the namespace with the baseline's environment label (by default"
                  + " `rempart.dev/environment`) and one of the allowed environments."),
          text(
              "ingressIsolation",
              "Isolated environment open to other environments",
              "A namespace of an isolated environment (production) must accept ingress only from"
                  + " namespaces of the same environment.",
              "Add a NetworkPolicy admitting only namespaces of the same environment. In Enforce,"
                  + " Rempart creates `rempart-environment-isolation` itself."),
          text(
              "crossEnvironmentIngress",
              "NetworkPolicy letting another environment in",
              "A policy in an isolated environment admits namespaces of another environment.",
              "Narrow the policy's `namespaceSelector` to the namespace's own environment."),
          text(
              "crossEnvironmentBinding",
              "RoleBinding granting access to another environment's subject",
              "A subject of another environment holds a role in an isolated one.",
              "Remove the subject from the binding, or bind a subject of the same environment."),
          text(
              "nodePinning",
              "Pod not pinned to its environment's nodes",
              "Pods of an isolated environment must run on that environment's nodes.",
              "Add the baseline's node selector (or a required node affinity) to the pod"
                  + " template."),
          text(
              "volumeAtRest",
              "Volume on a StorageClass not known to encrypt",
              "Customer data at rest must be encrypted; a PVC is checked against the"
                  + " StorageClasses the baseline lists or recognises as encrypting.",
              "Use an encrypting StorageClass, or list the class in"
                  + " `spec.encryption.atRest.storageClasses` once its encryption is verified."),
          text(
              "secretsAtRest",
              "Secrets not shown encrypted at rest",
              "The API server must encrypt Secrets in etcd; offline, this is not verifiable.",
              "Configure an `EncryptionConfiguration` for Secrets on the API server (or use a"
                  + " managed control plane that encrypts them)."),
          text(
              "ingressTls",
              "Ingress host served without TLS",
              "Every host an Ingress serves on an external network must be covered by TLS.",
              "Add the host to the Ingress's `tls` section with a certificate Secret."),
          text(
              "sslRedirect",
              "HTTPS redirect turned off",
              "An Ingress that turns off the HTTP-to-HTTPS redirect serves plain HTTP.",
              "Remove the `ssl-redirect: \"false\"` annotation."),
          text(
              "minTlsVersion",
              "TLS version below the minimum",
              "The ingress controller accepts TLS versions older than the baseline's minimum.",
              "Set the controller's `ssl-protocols` to TLSv1.2 and later."),
          text(
              "plaintextLoadBalancer",
              "LoadBalancer exposing plain HTTP",
              "A LoadBalancer Service exposing port 80 serves plain HTTP on an external network.",
              "Expose only the TLS port, or terminate TLS at the load balancer."),
          text(
              "clusterAdmin",
              "cluster-admin granted to a non-system subject",
              "Least privilege: nobody but the system needs every right on every resource.",
              "Bind a role with the verbs and resources the subject needs instead."),
          text(
              "wildcardRole",
              "Role granting every verb or resource",
              "A `*` grants every verb or resource, including ones added later.",
              "Replace each `*` with the verbs and resources the subjects need."),
          text(
              "broadSubject",
              "Grant to anonymous or to every authenticated user",
              "A binding to `system:anonymous`, `system:unauthenticated` or"
                  + " `system:authenticated` grants its role to everyone.",
              "Bind the role to named users, groups or ServiceAccounts instead."),
          text(
              "defaultServiceAccount",
              "Workload running as the default ServiceAccount",
              "Workloads that share the default ServiceAccount share one identity and its rights.",
              "Create a ServiceAccount for the workload and set `serviceAccountName`."),
          text(
              "legacyToken",
              "Long-lived service-account token Secret",
              "A `kubernetes.io/service-account-token` Secret never expires.",
              "Delete the Secret and use projected, time-bound tokens (the default since"
                  + " Kubernetes 1.24)."),
          text(
              "accessReview",
              "Binding without a recent access review",
              "Access must be reviewed at least every review interval (90 days by default); the"
                  + " review date is recorded on the binding.",
              "Review who holds the binding and why, then annotate it"
                  + " `rempart.dev/reviewed-at=<YYYY-MM-DD>`."),
          text(
              "accessExpired",
              "Binding past its expiry",
              "Time-bound access must end at its `rempart.dev/expires-at` date.",
              "Delete the binding, or extend `rempart.dev/expires-at` if the access is still"
                  + " approved. With `removeExpiredBindings: true` in Enforce, Rempart removes"
                  + " it."),
          text(
              "accessExpiryMalformed",
              "Binding with an unreadable expiry",
              "`rempart.dev/expires-at` is not a date, so the access never ends.",
              "Set `rempart.dev/expires-at` to a date (`YYYY-MM-DD`) or a timestamp."),
          text(
              "apiServerAuditRetention",
              "API server audit log not kept a year",
              "Clause 4.6: the API server must record audit events and keep them at least 365"
                  + " days; seen through the flags of a kube-apiserver static pod.",
              "Pass `--audit-policy-file` and either `--audit-log-path` with"
                  + " `--audit-log-maxage=365` (no `--audit-log-maxbackup`) or"
                  + " `--audit-webhook-config-file` to a backend that keeps events a year."),
          text(
              "dueForDeletion",
              "Offboarded namespace still holds data",
              "Clause 8.2: a namespace marked `rempart.dev/offboarded-at` is due for deletion once"
                  + " the recovery period has passed; its claims, Secrets, ConfigMaps and"
                  + " VolumeSnapshots must be gone.",
              "Delete them, or set `dataDeletion.deleteData: true` in Enforce (and list the"
                  + " namespace in the chart value `rbac.dataDeletion.namespaces`) to have"
                  + " Rempart delete them after a dry run, with a record."),
          text(
              "retainedData",
              "Data of an offboarded namespace outlives its deletion",
              "PersistentVolumes with reclaim policy `Retain` and VolumeSnapshotContents with"
                  + " `deletionPolicy: Retain` keep a namespace's data after its claims and"
                  + " snapshots are deleted.",
              "Delete them once no copy is needed, or set `dataDeletion.deleteRetainedData: true`"
                  + " (with `rbac.dataDeletion.retainedData=true`)."),
          text(
              "offboardingDateMalformed",
              "Offboarding mark that is not a date",
              "The namespace is marked offboarded but the value is not a date, so its data never"
                  + " falls due for deletion.",
              "Set the mark to the end of the contract, `YYYY-MM-DD` or an RFC 3339 timestamp."));

  private RuleHelp() {}

  /** The text for a check, if Rempart has one. */
  static Optional<Text> of(String check) {
    return Optional.ofNullable(TEXTS.get(check));
  }

  /** Every check with a text. */
  static java.util.Set<String> checks() {
    return TEXTS.keySet();
  }

  private static Map.Entry<String, Text> text(
      String check, String title, String description, String fix) {
    return Map.entry(check, new Text(title, description, fix));
  }

  /** A check of the Pod Security Standards, named as upstream names it. */
  private static Map.Entry<String, Text> pss(String check, String title, String fix) {
    return text(
        check,
        title,
        "The Pod Security Standards' `"
            + check
            + "` check (Kubernetes' own identifier), on every Pod and workload template.",
        fix);
  }
}
