package dev.rempart.core.admission;

import dev.rempart.api.v1alpha1.AccessControlSpec;
import dev.rempart.api.v1alpha1.EncryptionSpec;
import dev.rempart.api.v1alpha1.EnvironmentsSpec;
import dev.rempart.core.admission.AdmissionCheck.CelRule;
import dev.rempart.core.admission.AdmissionCheck.Target;
import dev.rempart.core.controls.accesscontrol.AccessControlControl;
import dev.rempart.core.controls.encryption.EncryptionControl;
import dev.rempart.core.controls.environments.EnvironmentsControl;
import dev.rempart.core.controls.network.NetworkControl;
import dev.rempart.core.controls.podsecurity.PodSecurityControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision table: every check of the baseline, where it is decided, and the CEL of those
 * admission decides. The CEL of a check says exactly what the control's Java says, restricted to
 * what the written object shows; {@code AdmissionParityIT} feeds the same objects to the API server
 * and the core and compares.
 */
public final class AdmissionChecks {
  public static final String CONTROL = "admission";
  public static final String CHECK_MANAGED = "managedObject";

  static final String CREATE = "CREATE";
  static final String UPDATE = "UPDATE";
  static final String DELETE = "DELETE";

  static final Target NETWORK_POLICY =
      new Target("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", "networkpolicies");
  static final Target INGRESS =
      new Target("networking.k8s.io", "v1", "ingresses", "Ingress", "ingresses");
  static final Target SERVICE = new Target("", "v1", "services", "Service", "services");
  static final Target PVC =
      new Target(
          "", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", "persistentvolumeclaims");
  // RoleBinding and ClusterRoleBinding have the same fields (roleRef, subjects): one policy.
  static final Target ROLE_BINDING =
      new Target("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", "bindings");
  static final Target CLUSTER_ROLE_BINDING =
      new Target(
          "rbac.authorization.k8s.io",
          "v1",
          "clusterrolebindings",
          "ClusterRoleBinding",
          "bindings");

  // Pod specs: a Pod's is its spec, the workload controllers' is spec.template.spec and a
  // CronJob's is deeper still; the three schemas need three policies.
  static final Target POD = new Target("", "v1", "pods", "Pod", "pods");
  static final List<Target> POD_TEMPLATES =
      List.of(
          new Target("apps", "v1", "deployments", "Deployment", "workloads"),
          new Target("apps", "v1", "statefulsets", "StatefulSet", "workloads"),
          new Target("apps", "v1", "daemonsets", "DaemonSet", "workloads"),
          new Target("apps", "v1", "replicasets", "ReplicaSet", "workloads"),
          new Target("", "v1", "replicationcontrollers", "ReplicationController", "workloads"),
          new Target("batch", "v1", "jobs", "Job", "workloads"));
  static final Target CRON_JOB = new Target("batch", "v1", "cronjobs", "CronJob", "cronjobs");

  /**
   * The kinds of object Rempart makes and owns whole in governed namespaces: those the protection
   * guards. ({@code AdmissionChecksTest} keeps it in step with the controls' owned types.)
   */
  public static final List<Target> PROTECTED = List.of(NETWORK_POLICY);

  private AdmissionChecks() {}

  /** Every row, in the order the documentation lists them. */
  public static List<AdmissionCheck> all() {
    List<AdmissionCheck> rows = new ArrayList<>();
    rows.add(
        new AdmissionCheck(
            CONTROL,
            CHECK_MANAGED,
            "4.4",
            Decided.BOTH,
            "Edits and deletions of the objects Rempart manages are refused to all but Rempart,"
                + " the break-glass group and the cluster's controllers; Rempart still repairs"
                + " what admission cannot stop (while the policy is being installed, or the"
                + " admission objects themselves, which the API server never submits to"
                + " admission policies).",
            List.of()));
    rows.add(
        row(
            NetworkControl.NAME,
            NetworkControl.CHECK_DEFAULT_DENY,
            "4.4",
            Decided.OPERATOR,
            "Needs the namespace's other policies; Rempart creates the default deny and the"
                + " protection keeps it from being deleted."));
    rows.add(
        new AdmissionCheck(
            NetworkControl.NAME,
            NetworkControl.CHECK_ALLOW_ALL,
            "4.4",
            Decided.BOTH,
            "From the policy alone.",
            List.of(
                new CelRule(
                    List.of(NETWORK_POLICY),
                    List.of(CREATE, UPDATE),
                    in -> Optional.ofNullable(in.spec().getNetwork()).map(n -> Rules.ALLOW_ALL),
                    "the NetworkPolicy allows all traffic on every port in a direction, which"
                        + " undoes the default deny; name the peers and ports instead."))));
    rows.add(
        new AdmissionCheck(
            EncryptionControl.NAME,
            "ingressTls",
            EncryptionControl.CLAUSE,
            Decided.BOTH,
            "From the Ingress alone (when spec.encryption.inTransit.requireIngressTLS).",
            List.of(
                new CelRule(
                    List.of(INGRESS),
                    List.of(CREATE, UPDATE),
                    in ->
                        encryption(in)
                            .filter(e -> e.effectiveInTransit().effectiveRequireIngressTLS())
                            .map(e -> Rules.INGRESS_TLS),
                    "the Ingress serves a host that no tls entry covers; add a tls entry listing"
                        + " every host."))));
    rows.add(
        new AdmissionCheck(
            EncryptionControl.NAME,
            "sslRedirect",
            EncryptionControl.CLAUSE,
            Decided.BOTH,
            "From the Ingress's annotations alone.",
            List.of(
                new CelRule(
                    List.of(INGRESS),
                    List.of(CREATE, UPDATE),
                    in -> encryption(in).map(e -> Rules.SSL_REDIRECT),
                    "an ingress-nginx annotation turns the HTTP-to-HTTPS redirect off; remove"
                        + " it."))));
    rows.add(
        new AdmissionCheck(
            EncryptionControl.NAME,
            "plaintextLoadBalancer",
            EncryptionControl.CLAUSE,
            Decided.BOTH,
            "From the Service alone.",
            List.of(
                new CelRule(
                    List.of(SERVICE),
                    List.of(CREATE, UPDATE),
                    in -> encryption(in).map(e -> Rules.PLAINTEXT_LOAD_BALANCER),
                    "a LoadBalancer Service exposes port 80 (plain HTTP); expose only the TLS"
                        + " port."))));
    rows.add(
        new AdmissionCheck(
            EncryptionControl.NAME,
            "volumeAtRest",
            EncryptionControl.CLAUSE,
            Decided.BOTH,
            "By class name only: a StorageClass's parameters are not visible at admission, so"
                + " Rempart judges the visible classes and compiles the names of those known not"
                + " to encrypt (and whether the default class is one). A class created later is"
                + " judged by the operator until the policy is regenerated, seconds later.",
            List.of(
                new CelRule(
                    List.of(PVC),
                    List.of(CREATE),
                    in -> encryption(in).flatMap(e -> Rules.volumeAtRest(in)),
                    "the PersistentVolumeClaim uses a StorageClass not known to encrypt; use an"
                        + " encrypting class, or list the class in"
                        + " spec.encryption.atRest.encryptedStorageClasses."))));
    rows.add(
        row(
            EncryptionControl.NAME,
            "secretsAtRest",
            EncryptionControl.CLAUSE,
            Decided.OPERATOR,
            "Reads the API server's flags."));
    rows.add(
        row(
            EncryptionControl.NAME,
            "minTlsVersion",
            EncryptionControl.CLAUSE,
            Decided.OPERATOR,
            "Reads the API server's flags and the ingress controller's ConfigMap."));
    rows.add(
        row(
            EnvironmentsControl.NAME,
            EnvironmentsControl.CHECK_LABEL,
            "4.3",
            Decided.OPERATOR,
            "A namespace's labels are its own object; Namespaces are not in the policy's scope."));
    rows.add(
        row(
            EnvironmentsControl.NAME,
            EnvironmentsControl.CHECK_ISOLATION,
            "4.3",
            Decided.OPERATOR,
            "Rempart creates the isolation policy; the protection keeps it from being deleted."));
    rows.add(
        row(
            EnvironmentsControl.NAME,
            EnvironmentsControl.CHECK_INGRESS,
            "4.3",
            Decided.OPERATOR,
            "Needs the labels of the namespaces a policy admits."));
    rows.add(
        new AdmissionCheck(
            EnvironmentsControl.NAME,
            EnvironmentsControl.CHECK_BINDING,
            "4.3",
            Decided.BOTH,
            "The binding's namespace environment comes from namespaceObject; the other"
                + " namespaces' environments are compiled into the policy from the snapshot.",
            List.of(
                new CelRule(
                    List.of(ROLE_BINDING),
                    List.of(CREATE, UPDATE),
                    Rules::crossEnvironmentBinding,
                    "the RoleBinding, in an isolated environment, grants to service accounts of"
                        + " another environment."))));
    String unpinned =
        "the pod spec runs in an environment whose pods must be pinned to its nodes, but neither"
            + " its nodeSelector nor every term of a required node affinity demands each node"
            + " label the baseline's spec.environments.nodeSelectors lists for the environment;"
            + " add them to its nodeSelector.";
    rows.add(
        new AdmissionCheck(
            EnvironmentsControl.NAME,
            EnvironmentsControl.CHECK_PINNING,
            "4.3",
            Decided.BOTH,
            "The namespace's environment comes from namespaceObject and its node labels are"
                + " compiled in. Checked on the object a person writes: Pods (at creation; their"
                + " scheduling fields cannot be loosened later), workload templates and CronJobs."
                + " An object with a controller is left to the operator: its controller was"
                + " checked, and a refusal would go to a controller, not to a person.",
            List.of(
                new CelRule(
                    List.of(POD),
                    List.of(CREATE),
                    in -> NodePinningCel.passes(in, NodePinningCel.PodSpecPath.POD),
                    unpinned),
                new CelRule(
                    POD_TEMPLATES,
                    List.of(CREATE, UPDATE),
                    in -> NodePinningCel.passes(in, NodePinningCel.PodSpecPath.TEMPLATE),
                    unpinned),
                new CelRule(
                    List.of(CRON_JOB),
                    List.of(CREATE, UPDATE),
                    in -> NodePinningCel.passes(in, NodePinningCel.PodSpecPath.CRON_JOB),
                    unpinned))));
    rows.add(
        new AdmissionCheck(
            AccessControlControl.NAME,
            "clusterAdmin",
            "4.1",
            Decided.BOTH,
            "Bindings to the ClusterRole cluster-admin by name; other roles granting * on * need"
                + " the role's rules, which the operator reads.",
            List.of(
                new CelRule(
                    List.of(ROLE_BINDING, CLUSTER_ROLE_BINDING),
                    List.of(CREATE, UPDATE),
                    in ->
                        Optional.ofNullable(in.spec().getAccessControl())
                            .filter(AccessControlSpec::effectiveForbidClusterAdmin)
                            .map(a -> Rules.CLUSTER_ADMIN),
                    "the binding grants cluster-admin to a subject outside the system; grant a"
                        + " narrower role."))));
    for (String check :
        List.of(
            "wildcardRole",
            "broadSubject",
            "defaultServiceAccount",
            "legacyToken",
            "accessReview",
            "accessExpired",
            "accessExpiryMalformed")) {
      rows.add(
          row(
              AccessControlControl.NAME,
              check,
              "4.1",
              Decided.OPERATOR,
              "Needs roles, time or other objects than the one written."));
    }
    rows.add(
        row(
            PodSecurityControl.NAME,
            "Pod Security Standards",
            "4.5",
            Decided.BOTH,
            "Decided at admission by Pod Security Admission (the namespace labels Rempart sets),"
                + " and by the operator."));
    rows.add(
        row(
            PodSecurityControl.NAME,
            "namespaceLabels",
            "4.5",
            Decided.OPERATOR,
            "Rempart sets the labels; Namespaces are not in the policy's scope."));
    return List.copyOf(rows);
  }

  /** The rows admission takes part in, with their rules. */
  public static List<AdmissionCheck> compiled() {
    return all().stream().filter(r -> !r.rules().isEmpty()).toList();
  }

  private static AdmissionCheck row(
      String control, String check, String clause, Decided decided, String why) {
    return new AdmissionCheck(control, check, clause, decided, why, List.of());
  }

  private static Optional<EncryptionSpec> encryption(PolicyInputs in) {
    return Optional.ofNullable(in.spec().getEncryption());
  }

  /** The CEL of each compiled check: true when the written object passes. */
  static final class Rules {
    private Rules() {}

    /** A label selector that selects everything: no labels and no expressions. */
    private static String emptySelector(String s) {
      return "((!has(%1$s.matchLabels) || size(%1$s.matchLabels) == 0)".formatted(s)
          + " && (!has(%1$s.matchExpressions) || size(%1$s.matchExpressions) == 0))".formatted(s);
    }

    /** A peer that is anyone: 0.0.0.0/0 or ::/0 without except, or every pod of every namespace. */
    private static final String EVERYONE =
        "(has(p.ipBlock) ? ((p.ipBlock.cidr == '0.0.0.0/0' || p.ipBlock.cidr == '::/0')"
            + " && (!has(p.ipBlock.except) || size(p.ipBlock.except) == 0))"
            + " : (has(p.namespaceSelector) && "
            + emptySelector("p.namespaceSelector")
            + " && (!has(p.podSelector) || "
            + emptySelector("p.podSelector")
            + ")))";

    /** The directions a policy isolates: policyTypes, or as the API defaults them. */
    private static final String TYPES =
        "((has(object.spec.policyTypes) && size(object.spec.policyTypes) > 0)"
            + " ? object.spec.policyTypes"
            + " : ((has(object.spec.egress) && size(object.spec.egress) > 0)"
            + " ? ['Ingress', 'Egress'] : ['Ingress']))";

    private static String opensAll(String rules, String peers) {
      return ("(has(object.spec.%1$s) && object.spec.%1$s.exists(r,"
              + " (!has(r.ports) || size(r.ports) == 0)"
              + " && (!has(r.%2$s) || size(r.%2$s) == 0 || r.%2$s.exists(p, "
              + EVERYONE
              + "))))")
          .formatted(rules, peers);
    }

    static final String ALLOW_ALL =
        "!has(object.spec) || !(('Ingress' in "
            + TYPES
            + " && "
            + opensAll("ingress", "from")
            + ") || ('Egress' in "
            + TYPES
            + " && "
            + opensAll("egress", "to")
            + "))";

    /** A tls host pattern h covers the rule host r.host: equal, or a wildcard for one label. */
    private static final String COVERS =
        "(h.lowerAscii() == r.host.lowerAscii() || (h.startsWith('*.')"
            + " && !r.host.startsWith('*.') && r.host.indexOf('.') > 0"
            + " && r.host.substring(r.host.indexOf('.')).lowerAscii()"
            + " == h.substring(1).lowerAscii()))";

    static final String INGRESS_TLS =
        "!has(object.spec.rules) || object.spec.rules.all(r, (has(r.host) && r.host != '')"
            + " ? (has(object.spec.tls) && object.spec.tls.exists(t, has(t.hosts)"
            + " && t.hosts.exists(h, "
            + COVERS
            + ")))"
            + " : (has(object.spec.tls) && object.spec.tls.exists(t, !has(t.hosts)"
            + " || size(t.hosts) == 0)))";

    static final String SSL_REDIRECT =
        "!has(object.metadata.annotations) || !['nginx.ingress.kubernetes.io/ssl-redirect',"
            + " 'nginx.ingress.kubernetes.io/force-ssl-redirect'].exists(k, k in"
            + " object.metadata.annotations && object.metadata.annotations[k].trim().lowerAscii()"
            + " == 'false')";

    static final String PLAINTEXT_LOAD_BALANCER =
        "!(has(object.spec.type) && object.spec.type == 'LoadBalancer') || !has(object.spec.ports)"
            + " || !object.spec.ports.exists(p, p.port == 80)";

    /** Only the names known not to encrypt are refused; "" binds a pre-provisioned volume. */
    static Optional<String> volumeAtRest(PolicyInputs in) {
      var classes = in.classes();
      if (classes.nonEncrypting().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          "has(object.spec.storageClassName) ? (object.spec.storageClassName == '' || !("
              + Cel.in("object.spec.storageClassName", classes.nonEncrypting())
              + ")) : "
              + !classes.defaultDoesNotEncrypt());
    }

    /** A subject that is the system's own, as the access control's SystemIdentities says. */
    private static final String SYSTEM_SUBJECT =
        "((s.kind == 'ServiceAccount' && has(s.namespace) && s.namespace == 'kube-system')"
            + " || (s.kind == 'User' && s.name.startsWith('system:') && s.name !="
            + " 'system:anonymous')"
            + " || (s.kind == 'Group' && s.name.startsWith('system:') && !(s.name in"
            + " ['system:anonymous', 'system:unauthenticated', 'system:authenticated'])"
            + " && (!s.name.startsWith('system:serviceaccounts') || s.name =="
            + " 'system:serviceaccounts:kube-system')))";

    static final String CLUSTER_ADMIN =
        "!(object.roleRef.kind == 'ClusterRole' && object.roleRef.name == 'cluster-admin')"
            + " || !has(object.subjects) || object.subjects.all(s, "
            + SYSTEM_SUBJECT
            + ")";

    /** The namespace whose service accounts a subject stands for, '' for none. */
    private static final String SUBJECT_NAMESPACE =
        "(s.kind == 'ServiceAccount' ? ((has(s.namespace) && s.namespace != '') ? s.namespace"
            + " : request.namespace) : ((s.kind == 'Group'"
            + " && s.name.startsWith('system:serviceaccounts:')) ? s.name.substring(23) : ''))";

    static Optional<String> crossEnvironmentBinding(PolicyInputs in) {
      EnvironmentsSpec spec = in.spec().getEnvironments();
      if (spec == null || spec.effectiveIsolated().isEmpty()) {
        return Optional.empty();
      }
      String label = Cel.quote(in.spec().effectiveEnvironmentLabel());
      String env = "namespaceObject.metadata.labels[" + label + "]";
      List<String> sameEnvironment = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : in.namespacesByEnvironment().entrySet()) {
        sameEnvironment.add(
            env + " == " + Cel.quote(e.getKey()) + " && " + Cel.in("ns", e.getValue()));
      }
      return Optional.of(
          "!(has(namespaceObject.metadata.labels) && "
              + label
              + " in namespaceObject.metadata.labels && "
              + Cel.in(env, spec.effectiveIsolated())
              + ") || !has(object.subjects) || object.subjects.all(s,"
              + " !(s.kind == 'Group' && s.name == 'system:serviceaccounts')"
              // A one-element list binds the subject's namespace to ns.
              + " && ["
              + SUBJECT_NAMESPACE
              + "].all(ns, ns == '' || ns == request.namespace || "
              + Cel.or(sameEnvironment)
              + "))");
    }
  }
}
