package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import dev.rempart.core.controls.vulnerabilities.FirstSeenLedger;
import dev.rempart.core.policyreports.PolicyReportBuilder;
import dev.rempart.core.status.StatusCalculator;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The equivalence guard of the incremental evaluation: after any sequence of changes to a cluster
 * (namespaces created, relabelled and deleted; pods, workloads, policies, bindings, roles, volumes,
 * services and ingresses created, edited and deleted; exceptions created and expiring; the baseline
 * and another baseline edited, sometimes reporting ungoverned namespaces; time passing; Rempart's
 * own objects deleted or edited by others), what {@link IncrementalEvaluation} keeps equals a full
 * evaluation of the same snapshot: findings, desired objects, drift, orphans, evidence, removals,
 * exceptions, governance, the status and the policy reports. An operator is simulated between
 * changes: it repairs what the round says to repair (sometimes failing to), and tells the
 * evaluation what it wrote, as the real one does.
 *
 * <p>A failure names the seed and the step; {@code -Drempart.equivalence.seed=N} and {@code
 * -Drempart.equivalence.steps=N} replay or extend a run.
 */
class IncrementalEquivalenceTest {
  private static final int STEPS = Integer.getInteger("rempart.equivalence.steps", 800);
  private static final String[] NAMESPACES = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"
  };
  private static final String[] ENVIRONMENTS = {"production", "development", "test", "bogus"};

  static List<Long> seeds() {
    Long only = Long.getLong("rempart.equivalence.seed");
    return only != null ? List.of(only) : List.of(1L, 7L, 42L, 2026L);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void incrementalResultEqualsFullEvaluation(long seed) {
    new Run(seed).run(STEPS);
  }

  /** One randomised run: a cluster, a clock, and the two evaluations side by side. */
  private static final class Run {
    private final long seed;
    private final Random random;
    private final Map<String, HasMetadata> cluster = new LinkedHashMap<>();
    private final Evaluator evaluator = Evaluator.standard();
    private final IncrementalEvaluation incremental;
    private final List<String> log = new ArrayList<>();
    private final List<ObjectChange> changes = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-15T10:00:00Z");
    private long resourceVersion = 1;
    private long generation = 1;
    private SecurityBaseline baseline;
    private long roundsWithUngovernedFindings;
    private long partialRounds;

    Run(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      // As the operator does, a few partitions at a time after Rempart's own writes: small
      // slices here, so that rounds are often partial.
      this.incremental = new IncrementalEvaluation(evaluator, 1 + random.nextInt(3));
    }

    void run(int steps) {
      baseline = baseline("Enforce", "restricted", "Enforce", 90, true, false);
      put(baseline);
      changes.clear();
      for (int step = 0; step < steps; step++) {
        String event = change();
        log.add(step + ": " + event);
        if (random.nextInt(25) == 0) {
          // The periodic full resync: with every change reported, it must find nothing new.
          incremental.resyncAll();
        }
        IncrementalEvaluation.Outcome outcome = round(step, event);
        assertThat(incremental.counters().resyncCorrections()).as(context(step)).isZero();
        remediate(outcome);
        // After the operator acted, the kept results hold the cluster as it is now, once the
        // partitions its writes left to evaluate again are evaluated, a slice per round.
        IncrementalEvaluation.Outcome after;
        int slice = 0;
        do {
          after = round(step, event + " (after remediation, round " + (++slice) + ")");
          assertThat(after.repairs()).as(context(step)).isEmpty();
          remediate(after);
          assertThat(slice).as(context(step) + ": rounds after one change").isLessThan(200);
        } while (after.partial());
      }
      assertThat(incremental.counters().partitionsEvaluated())
          .as("the incremental evaluation evaluated fewer partitions than full evaluations would")
          .isLessThan((long) steps * 2 * (NAMESPACES.length + 1));
      assertThat(partialRounds)
          .as("rounds left partial by a slice of Rempart's writes, seed " + seed)
          .isPositive();
      assertThat(roundsWithUngovernedFindings)
          .as(
              "rounds whose result reports an ungoverned namespace (spec.ungovernedNamespaces:"
                  + " Report), seed "
                  + seed)
          .isPositive();
    }

    private IncrementalEvaluation.Outcome round(int step, String event) {
      Snapshot snapshot = Snapshot.builder().addAll(cluster.values()).build();
      List<ObjectChange> seen = List.copyOf(changes);
      changes.clear();
      IncrementalEvaluation.Outcome outcome = incremental.evaluate(baseline, snapshot, now, seen);
      EvaluationResult full =
          evaluator.evaluate(baseline, snapshot, Clock.fixed(now, ZoneOffset.UTC));
      EvaluationResult kept = outcome.result();
      String where = context(step) + " [" + event + "]";
      if (full.findings().stream()
          .anyMatch(f -> f.check().equals(UngovernedNamespaceCheck.CHECK))) {
        roundsWithUngovernedFindings++;
      }
      if (outcome.partial()) {
        // Only what the round evaluated is there: what it asks to do must be asked by a full
        // evaluation too (nothing repaired twice, nothing removed that should stay).
        assertThat(driftKeys(full.driftToRepair()))
            .as(where)
            .containsAll(driftKeys(kept.driftToRepair()));
        assertThat(refs(full.orphansToRemove().stream().map(o -> o.ref()).toList()))
            .as(where)
            .containsAll(refs(kept.orphansToRemove().stream().map(o -> o.ref()).toList()));
        assertThat(full.removals()).as(where).containsAll(kept.removals());
        partialRounds++;
        return outcome;
      }
      Set<ResourceRef> applied =
          full.driftToRepair().stream().map(d -> d.desired().ref()).collect(Collectors.toSet());
      assertThat(driftKeys(kept.driftToRepair()))
          .as(where)
          .isEqualTo(driftKeys(full.driftToRepair()));
      assertThat(refs(kept.orphansToRemove().stream().map(o -> o.ref()).toList()))
          .as(where)
          .isEqualTo(refs(full.orphansToRemove().stream().map(o -> o.ref()).toList()));
      assertThat(kept.removals()).as(where).isEqualTo(full.removals());
      if (!outcome.repairs().isEmpty()) {
        // Drift found without evaluation: the kept result is the cluster once repaired (a deleted
        // isolation policy also re-opens the default deny's Ingress until then), so only what is
        // to be done can be compared before the repair; the round after it compares the rest.
        return outcome;
      }
      assertThat(kept.findings()).as(where).isEqualTo(full.findings());
      assertThat(kept.desired()).as(where).isEqualTo(full.desired());
      assertThat(driftKeys(kept.drift())).as(where).isEqualTo(driftKeys(full.drift()));
      assertThat(kept.orphans()).as(where).isEqualTo(full.orphans());
      assertThat(kept.evidence()).as(where).isEqualTo(full.evidence());
      assertThat(kept.heldBack()).as(where).isEqualTo(full.heldBack());
      assertThat(kept.exceptions()).as(where).isEqualTo(full.exceptions());
      assertThat(kept.governance()).as(where).isEqualTo(full.governance());
      assertThat(kept.controls()).as(where).isEqualTo(full.controls());
      List<Finding> open = full.openFindings(applied);
      assertThat(StatusCalculator.compute(baseline, kept, open, null))
          .as(where)
          .isEqualTo(StatusCalculator.compute(baseline, full, open, null));
      assertThat(PolicyReportBuilder.build(kept, open, 20))
          .as(where)
          .isEqualTo(PolicyReportBuilder.build(full, open, 20));
      return outcome;
    }

    private String context(int step) {
      int from = Math.max(0, log.size() - 12);
      return "seed "
          + seed
          + ", step "
          + step
          + " (replay with -Drempart.equivalence.seed="
          + seed
          + "); last events:\n  "
          + String.join("\n  ", log.subList(from, log.size()));
    }

    private static List<String> driftKeys(List<Drift> drift) {
      return drift.stream()
          .map(d -> d.desired().ref() + " " + d.state() + " " + d.desired().enforced())
          .sorted()
          .toList();
    }

    private static List<ResourceRef> refs(List<ResourceRef> refs) {
      return refs.stream().sorted().toList();
    }

    /** Carries out what the round decided, as the operator's remediator would, failing at times. */
    private void remediate(IncrementalEvaluation.Outcome outcome) {
      List<HasMetadata> written = new ArrayList<>();
      List<ResourceRef> unrepaired = new ArrayList<>();
      for (Drift drift : outcome.result().driftToRepair()) {
        boolean fails = random.nextInt(10) == 0;
        if (fails) {
          unrepaired.add(drift.desired().ref());
          continue;
        }
        written.add(apply(drift.desired().object()));
      }
      for (EvaluationResult.Orphan orphan : outcome.result().orphansToRemove()) {
        remove(orphan.object());
        written.add(orphan.object());
      }
      for (Removal removal : outcome.result().removals()) {
        remove(removal.object());
        written.add(removal.object());
      }
      // As the operator's reconciler does: the evaluation takes in what was done.
      incremental.remediated(outcome, written, unrepaired);
    }

    /** Server-side apply, as far as the evaluation can tell: owned objects whole, labels merged. */
    private HasMetadata apply(HasMetadata desired) {
      HasMetadata copy = ManifestReader.parse(yamlOf(desired)).get(0);
      if (copy instanceof Namespace ns) {
        Namespace actual = (Namespace) cluster.get(key(ns));
        Namespace merged = (Namespace) ManifestReader.parse(yamlOf(actual)).get(0);
        Map<String, String> labels = new LinkedHashMap<>(merged.getMetadata().getLabels());
        labels.putAll(ns.getMetadata().getLabels());
        merged.getMetadata().setLabels(labels);
        put(merged);
        return merged;
      }
      copy.getMetadata().setCreationTimestamp(now.toString());
      put(copy);
      return copy;
    }

    private static String yamlOf(Object object) {
      return ManifestReader.kubernetesSerialization().asYaml(object);
    }

    // ---- the cluster

    private static String key(HasMetadata o) {
      return o.getClass().getSimpleName()
          + "/"
          + o.getMetadata().getNamespace()
          + "/"
          + o.getMetadata().getName();
    }

    private void put(HasMetadata object) {
      object.getMetadata().setResourceVersion(Long.toString(resourceVersion++));
      if (object.getMetadata().getUid() == null) {
        object.getMetadata().setUid("uid-" + resourceVersion);
      }
      cluster.put(key(object), object);
    }

    private void create(String yaml) {
      HasMetadata object = ManifestReader.parse(yaml).get(0);
      if (object.getMetadata().getCreationTimestamp() == null) {
        object.getMetadata().setCreationTimestamp(now.toString());
      }
      put(object);
      changes.add(ObjectChange.of(object));
    }

    private void remove(HasMetadata object) {
      cluster.remove(key(object));
    }

    private void delete(HasMetadata object) {
      remove(object);
      changes.add(ObjectChange.of(object));
    }

    private <T> T pick(T[] values) {
      return values[random.nextInt(values.length)];
    }

    private String ns() {
      return pick(NAMESPACES);
    }

    private List<HasMetadata> existing(String kind) {
      return cluster.values().stream().filter(o -> o.getKind().equals(kind)).toList();
    }

    private HasMetadata anyOf(String kind) {
      List<HasMetadata> all = existing(kind);
      return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
    }

    /** Makes one random change to the cluster, the clock or the baselines; says what it did. */
    private String change() {
      int dice = random.nextInt(100);
      if (dice < 10) {
        return namespace();
      } else if (dice < 14) {
        HasMetadata ns = anyOf("Namespace");
        if (ns == null) {
          return namespace();
        }
        boolean withObjects = random.nextBoolean();
        delete(ns);
        if (withObjects) {
          for (HasMetadata o : new ArrayList<>(cluster.values())) {
            if (ns.getMetadata().getName().equals(o.getMetadata().getNamespace())) {
              delete(o);
            }
          }
        }
        return "delete namespace " + ns.getMetadata().getName() + (withObjects ? " and all" : "");
      } else if (dice < 24) {
        return workload();
      } else if (dice < 32) {
        return networkPolicy();
      } else if (dice < 40) {
        return binding();
      } else if (dice < 44) {
        return clusterRole();
      } else if (dice < 50) {
        return volumes();
      } else if (dice < 56) {
        return servicesAndIngresses();
      } else if (dice < 62) {
        return exception();
      } else if (dice < 67) {
        Duration step =
            switch (random.nextInt(3)) {
              case 0 -> Duration.ofMinutes(1 + random.nextInt(90));
              case 1 -> Duration.ofHours(1 + random.nextInt(30));
              default -> Duration.ofDays(1 + random.nextInt(40));
            };
        now = now.plus(step);
        return "time passes: " + step;
      } else if (dice < 70) {
        return editBaseline();
      } else if (dice < 73) {
        return otherBaseline();
      } else if (dice < 85) {
        return tamperWithManaged();
      } else if (dice < 90) {
        return serviceAccount();
      } else if (dice < 94) {
        return controlPlane();
      } else if (dice < 96) {
        return vulnerabilityReport();
      } else if (dice < 97) {
        return firstSeenStore();
      } else if (dice < 99) {
        return tenantData();
      }
      return "nothing";
    }

    private String namespace() {
      String name = ns();
      StringBuilder labels = new StringBuilder();
      if (random.nextInt(10) < 7) {
        labels.append("rempart.dev/governed: \"true\", ");
      }
      if (random.nextInt(10) < 8) {
        labels.append("rempart.dev/environment: ").append(pick(ENVIRONMENTS)).append(", ");
      }
      if (random.nextInt(10) < 2) {
        labels.append("team: shared, ");
      }
      if (random.nextInt(10) < 2) {
        labels.append("pod-security.kubernetes.io/enforce: baseline, ");
      }
      HasMetadata existing = cluster.get("Namespace/null/" + name);
      String uid = existing == null ? "" : ", uid: " + existing.getMetadata().getUid();
      String created =
          existing == null
              ? ""
              : ", creationTimestamp: " + existing.getMetadata().getCreationTimestamp();
      // Offboarded at times, some days around now: due for deletion or not, as time passes.
      String offboarded =
          random.nextInt(10) < 3
              ? ", annotations: {rempart.dev/offboarded-at: \""
                  + now.minus(Duration.ofDays(random.nextInt(20))).toString()
                  + "\"}"
              : "";
      create(
          "apiVersion: v1\nkind: Namespace\nmetadata: {name: "
              + name
              + uid
              + created
              + offboarded
              + ", labels: {"
              + labels
              + "kubernetes.io/metadata.name: "
              + name
              + "}}");
      return (existing == null ? "create" : "relabel")
          + " namespace "
          + name
          + " {"
          + labels
          + "}"
          + offboarded;
    }

    private String podSpec() {
      StringBuilder spec = new StringBuilder();
      if (random.nextBoolean()) {
        spec.append("serviceAccountName: app, ");
      }
      if (random.nextBoolean()) {
        spec.append("automountServiceAccountToken: false, ");
      }
      if (random.nextInt(4) == 0) {
        spec.append("hostNetwork: true, ");
      }
      if (random.nextBoolean()) {
        spec.append("nodeSelector: {rempart.dev/environment: production}, ");
      }
      spec.append("securityContext: {");
      if (random.nextBoolean()) {
        spec.append("runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}");
      }
      spec.append("}, containers: [{name: app, image: ");
      spec.append(random.nextBoolean() ? "nginx:latest" : "nginx@sha256:" + "a".repeat(64));
      spec.append(", securityContext: {");
      if (random.nextInt(5) == 0) {
        spec.append("privileged: true, ");
      }
      if (random.nextBoolean()) {
        spec.append("allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}");
      }
      spec.append("}}]");
      return spec.toString();
    }

    private String workload() {
      String kind = random.nextBoolean() ? "Pod" : "Deployment";
      String name = "w" + random.nextInt(3);
      String namespace = ns();
      HasMetadata existing = cluster.get(kind + "/" + namespace + "/" + name);
      if (existing != null && random.nextInt(3) == 0) {
        delete(existing);
        return "delete " + kind + " " + namespace + "/" + name;
      }
      if (kind.equals("Pod")) {
        create(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: "
                + name
                + ", namespace: "
                + namespace
                + "}\nspec: {"
                + podSpec()
                + "}");
      } else {
        create(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: "
                + name
                + ", namespace: "
                + namespace
                + "}\nspec: {selector: {matchLabels: {app: x}}, template: {metadata: {labels:"
                + " {app: x}}, spec: {"
                + podSpec()
                + "}}}");
      }
      return (existing == null ? "create " : "edit ") + kind + " " + namespace + "/" + name;
    }

    /** A Trivy report of an image shared across namespaces: created, rescanned or deleted. */
    private String vulnerabilityReport() {
      String namespace = ns();
      String name = "vr" + random.nextInt(2);
      HasMetadata existing = cluster.get("VulnerabilityReport/" + namespace + "/" + name);
      if (existing != null && random.nextInt(3) == 0) {
        delete(existing);
        return "delete VulnerabilityReport " + namespace + "/" + name;
      }
      String repository = pick(new String[] {"acme/a", "acme/b", "acme/c"});
      StringBuilder cves = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        if (random.nextBoolean()) {
          cves.append("{vulnerabilityID: CVE-")
              .append(i)
              .append(", severity: ")
              .append(pick(new String[] {"CRITICAL", "HIGH", "MEDIUM", "LOW"}))
              .append(", resource: p")
              .append(i)
              .append(", fixedVersion: '")
              .append(random.nextInt(4) == 0 ? "" : "2")
              .append("'}, ");
        }
      }
      create(
          "apiVersion: aquasecurity.github.io/v1alpha1\nkind: VulnerabilityReport\nmetadata: {name: "
              + name
              + ", namespace: "
              + namespace
              + ", labels: {trivy-operator.resource.kind: Deployment, trivy-operator.resource.name:"
              + " w0, trivy-operator.container.name: app}}\nreport: {updateTimestamp: '"
              + now.minus(Duration.ofDays(random.nextInt(60)))
              + "', registry: {server: ghcr.io}, artifact: {repository: "
              + repository
              + ", tag: '1'}, vulnerabilities: ["
              + cves
              + "]}");
      return (existing == null ? "create" : "rescan")
          + " VulnerabilityReport "
          + namespace
          + "/"
          + name
          + " of "
          + repository;
    }

    /** The operator's keeper brings the first-seen store up to date from every report. */
    private String firstSeenStore() {
      List<VulnerabilityFirstSeen> store = new ArrayList<>();
      List<VulnerabilityReport> reports = new ArrayList<>();
      for (HasMetadata o : cluster.values()) {
        if (o instanceof VulnerabilityFirstSeen shard) {
          store.add(shard);
        } else if (o instanceof VulnerabilityReport report) {
          reports.add(report);
        }
      }
      int written = 0;
      for (VulnerabilityFirstSeen shard : FirstSeenLedger.advance(store, reports, now).shards()) {
        HasMetadata current = cluster.get(key(shard));
        if (current instanceof VulnerabilityFirstSeen kept
            && yamlOf(kept.getSpec()).equals(yamlOf(shard.getSpec()))) {
          continue;
        }
        if (current != null) {
          shard.getMetadata().setUid(current.getMetadata().getUid());
        }
        put(shard);
        changes.add(ObjectChange.of(shard));
        written++;
      }
      return "first-seen store: " + written + " shards written";
    }

    private String networkPolicy() {
      String namespace = ns();
      String name = "np" + random.nextInt(3);
      HasMetadata existing = cluster.get("NetworkPolicy/" + namespace + "/" + name);
      if (existing != null && random.nextInt(3) == 0) {
        delete(existing);
        return "delete NetworkPolicy " + namespace + "/" + name;
      }
      String spec =
          switch (random.nextInt(4)) {
            case 0 -> "{podSelector: {}, policyTypes: [Ingress], ingress: [{}]}";
            case 1 -> "{podSelector: {}, policyTypes: [Ingress, Egress]}";
            case 2 ->
                "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector:"
                    + " {matchLabels: {rempart.dev/environment: development}}}]}]}";
            default ->
                "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector:"
                    + " {matchLabels: {team: shared}}}]}]}";
          };
      create(
          "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: "
              + name
              + ", namespace: "
              + namespace
              + "}\nspec: "
              + spec);
      return (existing == null ? "create" : "edit") + " NetworkPolicy " + namespace + "/" + name;
    }

    private String day(int offsetDays) {
      return now.plus(Duration.ofDays(offsetDays)).toString().substring(0, 10);
    }

    private String bindingAnnotations() {
      StringBuilder a = new StringBuilder("{");
      if (random.nextBoolean()) {
        a.append("rempart.dev/reviewed-at: \"").append(day(-random.nextInt(120))).append("\", ");
      }
      if (random.nextInt(3) == 0) {
        a.append("rempart.dev/expires-at: \"").append(day(random.nextInt(20) - 5)).append("\", ");
      }
      return a.append("}").toString();
    }

    private String binding() {
      boolean cluster = random.nextInt(3) == 0;
      String name = "rb" + random.nextInt(3);
      String namespace = ns();
      String key =
          cluster ? "ClusterRoleBinding/null/" + name : "RoleBinding/" + namespace + "/" + name;
      HasMetadata existing = this.cluster.get(key);
      if (existing != null && random.nextInt(3) == 0) {
        delete(existing);
        return "delete " + key;
      }
      String role = pick(new String[] {"cluster-admin", "view", "custom"});
      String subject =
          random.nextBoolean()
              ? "{kind: ServiceAccount, name: app, namespace: " + ns() + "}"
              : "{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}";
      create(
          "apiVersion: rbac.authorization.k8s.io/v1\nkind: "
              + (cluster ? "ClusterRoleBinding" : "RoleBinding")
              + "\nmetadata: {name: "
              + name
              + (cluster ? "" : ", namespace: " + namespace)
              + ", annotations: "
              + bindingAnnotations()
              + "}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "
              + role
              + "}\nsubjects: ["
              + subject
              + "]");
      return (existing == null ? "create " : "edit ") + key + " -> " + role;
    }

    private String clusterRole() {
      HasMetadata existing = cluster.get("ClusterRole/null/custom");
      if (existing != null && random.nextBoolean()) {
        delete(existing);
        return "delete ClusterRole custom";
      }
      String rules =
          random.nextBoolean()
              ? "[{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]"
              : "[{apiGroups: [''], resources: [pods], verbs: [get]}]";
      create(
          "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: custom}\n"
              + "rules: "
              + rules);
      return "set ClusterRole custom " + rules;
    }

    private String volumes() {
      if (random.nextInt(3) == 0) {
        HasMetadata existing = cluster.get("StorageClass/null/fast");
        if (existing != null && random.nextBoolean()) {
          delete(existing);
          return "delete StorageClass fast";
        }
        String encrypted = random.nextBoolean() ? "\"true\"" : "\"false\"";
        create(
            "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\n"
                + "provisioner: ebs.csi.aws.com\nparameters: {encrypted: "
                + encrypted
                + "}");
        return "set StorageClass fast encrypted=" + encrypted;
      }
      String namespace = ns();
      HasMetadata existing = cluster.get("PersistentVolumeClaim/" + namespace + "/data");
      if (existing != null && random.nextBoolean()) {
        delete(existing);
        return "delete PVC " + namespace + "/data";
      }
      create(
          "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: "
              + namespace
              + "}\nspec: {storageClassName: fast, accessModes: [ReadWriteOnce], resources:"
              + " {requests: {storage: 1Gi}}}");
      return "create PVC " + namespace + "/data";
    }

    /**
     * What an offboarded namespace may leave behind: Secrets and ConfigMaps in it, and the
     * cluster-scoped Retain volumes and snapshot contents that name it (read by every namespace's
     * data deletion, so a change to one must re-evaluate the namespace it names).
     */
    private String tenantData() {
      String namespace = ns();
      String name = "d" + random.nextInt(3);
      String policy = random.nextBoolean() ? "Retain" : "Delete";
      String yaml =
          switch (random.nextInt(4)) {
            case 0 ->
                "apiVersion: v1\nkind: Secret\nmetadata: {name: "
                    + name
                    + ", namespace: "
                    + namespace
                    + "}\ntype: Opaque";
            case 1 ->
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "
                    + name
                    + ", namespace: "
                    + namespace
                    + "}";
            case 2 ->
                "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-"
                    + name
                    + "}\nspec: {persistentVolumeReclaimPolicy: "
                    + policy
                    + ", claimRef: {namespace: "
                    + namespace
                    + ", name: data}}";
            default ->
                "apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshotContent\n"
                    + "metadata: {name: vsc-"
                    + name
                    + "}\nspec: {deletionPolicy: "
                    + policy
                    + ", volumeSnapshotRef: {namespace: "
                    + namespace
                    + ", name: nightly}}";
          };
      HasMetadata object = ManifestReader.parse(yaml).get(0);
      HasMetadata existing = cluster.get(key(object));
      if (existing != null && random.nextBoolean()) {
        delete(existing);
        return "delete " + key(existing);
      }
      create(yaml);
      return "set " + key(object) + " (" + namespace + ", " + policy + ")";
    }

    private String servicesAndIngresses() {
      String namespace = ns();
      if (random.nextBoolean()) {
        String type = pick(new String[] {"ClusterIP", "NodePort", "LoadBalancer"});
        create(
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: "
                + namespace
                + "}\nspec: {type: "
                + type
                + ", ports: [{port: 80}]}");
        return "set Service " + namespace + "/web " + type;
      }
      boolean tls = random.nextBoolean();
      create(
          "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: "
              + namespace
              + "}\nspec: {"
              + (tls ? "tls: [{hosts: [shop.example.com], secretName: tls}], " : "")
              + "rules: [{host: shop.example.com}]}");
      return "set Ingress " + namespace + "/web tls=" + tls;
    }

    private String serviceAccount() {
      String namespace = ns();
      String name = random.nextBoolean() ? "default" : "app";
      HasMetadata existing = cluster.get("ServiceAccount/" + namespace + "/" + name);
      if (existing != null && random.nextBoolean()) {
        delete(existing);
        return "delete ServiceAccount " + namespace + "/" + name;
      }
      create(
          "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: "
              + name
              + ", namespace: "
              + namespace
              + "}\nautomountServiceAccountToken: "
              + random.nextBoolean());
      return "set ServiceAccount " + namespace + "/" + name;
    }

    private String controlPlane() {
      if (random.nextBoolean()) {
        String flags =
            random.nextBoolean()
                ? "[kube-apiserver, --encryption-provider-config=/etc/enc.yaml]"
                : "[kube-apiserver]";
        create(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: kube-apiserver-node, namespace:"
                + " kube-system, labels: {component: kube-apiserver, tier: control-plane}}\n"
                + "spec: {containers: [{name: kube-apiserver, image: registry.k8s.io/kube-apiserver:v1.34.4,"
                + " command: "
                + flags
                + "}]}");
        return "kube-apiserver flags " + flags;
      }
      String protocols = random.nextBoolean() ? "TLSv1.2 TLSv1.3" : "TLSv1 TLSv1.2";
      create(
          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller, namespace:"
              + " ingress-nginx}\ndata: {ssl-protocols: \""
              + protocols
              + "\"}");
      return "ingress-nginx ssl-protocols " + protocols;
    }

    private String exception() {
      String name = "ex" + random.nextInt(3);
      HasMetadata existing = cluster.get("BaselineException/null/" + name);
      if (existing != null && random.nextInt(3) == 0) {
        delete(existing);
        return "delete exception " + name;
      }
      String scope =
          switch (random.nextInt(3)) {
            case 0 -> "namespaces: [" + ns() + "]";
            case 1 -> "namespaceSelector: {matchLabels: {rempart.dev/environment: development}}";
            default -> "resources: [{kind: Pod, name: w1}]";
          };
      String control = pick(new String[] {"network", "podSecurity", "environments"});
      Instant expires = now.plus(Duration.ofHours(1 + random.nextInt(24 * 20)));
      create(
          "apiVersion: rempart.dev/v1alpha1\nkind: BaselineException\nmetadata: {name: "
              + name
              + "}\nspec: {baseline: saas-addendum, controls: [{control: "
              + control
              + "}], "
              + scope
              + ", reason: test, ticket: T-1, approvedBy: ciso@example.com, expiresAt: \""
              + expires
              + "\"}");
      return "set exception " + name + " " + control + " " + scope + " until " + expires;
    }

    private String editBaseline() {
      SecurityBaseline next =
          baseline(
              pick(new String[] {"Enforce", "Audit"}),
              pick(new String[] {"restricted", "baseline"}),
              pick(new String[] {"Enforce", "Audit"}),
              30 + random.nextInt(90),
              random.nextBoolean(),
              random.nextBoolean());
      baseline = next;
      put(next);
      changes.add(ObjectChange.of(next));
      return "edit baseline (generation " + generation + ")";
    }

    private SecurityBaseline baseline(
        String mode,
        String level,
        String networkMode,
        int reviewDays,
        boolean isolateProduction,
        boolean reportUngoverned) {
      boolean removeData = reviewDays % 2 == 0; // varies with the edits, without a new parameter
      SecurityBaseline b =
          (SecurityBaseline)
              ManifestReader.parse(
                      "apiVersion: rempart.dev/v1alpha1\nkind: SecurityBaseline\nmetadata: {name:"
                          + " saas-addendum, uid: baseline-uid, creationTimestamp:"
                          + " \"2026-01-01T00:00:00Z\"}\nspec:\n  mode: "
                          + mode
                          + "\n  namespaceSelector: {matchLabels: {rempart.dev/governed: \"true\"}}\n"
                          + "  network: {mode: "
                          + networkMode
                          + ", defaultDeny: [Ingress, Egress], allowDNS: true}\n"
                          + "  podSecurity: {level: "
                          + level
                          + ", labelNamespaces: true}\n"
                          + "  environments: {allowed: [production, development, test], isolated: "
                          + (isolateProduction ? "[production]" : "[]")
                          + ", nodeSelectors: {production: {rempart.dev/environment: production}}}\n"
                          + "  encryption: {atRest: {encryptedStorageClasses: []}, inTransit:"
                          + " {requireIngressTLS: true, minTLSVersion: \"1.2\"}}\n"
                          + "  accessControl: {reviewIntervalDays: "
                          + reviewDays
                          + ", removeExpiredBindings: true}\n"
                          + "  exceptions: {maxDays: 30}\n"
                          // The admission policy reads StorageClasses, namespaces' environments and
                          // the live exceptions, in the cluster partition.
                          + "  admission: {mode: Deny}\n"
                          + "  auditLogging: {}\n"
                          + "  dataDeletion: {recoveryPeriodDays: 10, deleteData: "
                          + removeData
                          + ", deleteRetainedData: true}\n"
                          + "  vulnerabilities: {reappearance: "
                          + (reviewDays % 2 == 0 ? "Resume" : "Restart")
                          + "}\n"
                          + (reportUngoverned ? "  ungovernedNamespaces: Report\n" : ""))
                  .get(0);
      b.getMetadata().setGeneration(generation++);
      return b;
    }

    private String otherBaseline() {
      HasMetadata existing = cluster.get("SecurityBaseline/null/other");
      if (existing != null && random.nextBoolean()) {
        delete(existing);
        return "delete baseline other";
      }
      String created = random.nextBoolean() ? "2025-06-01T00:00:00Z" : "2026-06-01T00:00:00Z";
      create(
          "apiVersion: rempart.dev/v1alpha1\nkind: SecurityBaseline\nmetadata: {name: other,"
              + " uid: other-uid, generation: "
              + (generation++)
              + ", creationTimestamp: \""
              + created
              + "\"}\nspec: {namespaceSelector: {matchLabels: {team: shared}}, network: {}}");
      return "set baseline other created " + created;
    }

    /** Someone deletes or edits an object Rempart manages. */
    private String tamperWithManaged() {
      List<HasMetadata> managed =
          cluster.values().stream()
              .filter(o -> ManagedObjects.isManaged(o))
              .sorted(Comparator.comparing(Run::key))
              .toList();
      if (managed.isEmpty()) {
        return namespace();
      }
      HasMetadata victim = managed.get(random.nextInt(managed.size()));
      if (random.nextBoolean()) {
        delete(victim);
        return "delete managed " + key(victim);
      }
      HasMetadata edited = ManifestReader.parse(yamlOf(victim)).get(0);
      if (edited instanceof io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy) {
        policy.getSpec().setPolicyTypes(List.of("Ingress"));
      }
      put(edited);
      changes.add(ObjectChange.of(edited));
      return "edit managed " + key(victim);
    }
  }
}
