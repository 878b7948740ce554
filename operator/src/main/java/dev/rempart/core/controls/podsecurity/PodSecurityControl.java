package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.api.v1alpha1.PodSecuritySpec;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.Control;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.DesiredObject;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Snapshot;
import dev.rempart.core.UnevaluableObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Clause 4.5 (hardening): every workload of a governed namespace meets the Pod Security Standards
 * at the baseline's level, the namespaces enforce that level through the Pod Security Admission,
 * images are pinned, service-account tokens are not mounted by default and no Service is a
 * NodePort.
 *
 * <p>The standards are evaluated as the Pod Security Admission evaluates them for version v1.35
 * (see {@link PodSecurityStandards}): one finding per broken check and object, named by the
 * upstream check identifier, on the Pod or on the workload whose pod template breaks it (see {@link
 * PodSpecs} for which). Specs are first defaulted as the API server would ({@link
 * ApiServerDefaults}), so manifests read from files are judged like objects in the cluster.
 *
 * <p>Severities, chosen by what an attacker gains from the fault:
 *
 * <table>
 *   <caption>Severity of each check</caption>
 *   <tr><th>critical</th><td>{@code privileged}, {@code windowsHostProcess}: the container is root
 *       on the node</td></tr>
 *   <tr><th>high</th><td>{@code hostNamespaces}, {@code hostPathVolumes}, {@code
 *       capabilities_baseline}, {@code runAsNonRoot}, {@code runAsUser}; {@code
 *       restrictedVolumes} with a hostPath volume and {@code capabilities_restricted} adding a
 *       capability baseline forbids (a restricted check never rates a fault lower than the
 *       baseline check it replaces); {@code namespaceLabels} when the namespace enforces no level
 *       or a weaker one</td></tr>
 *   <tr><th>medium</th><td>{@code hostPorts}, {@code appArmorProfile}, {@code seLinuxOptions},
 *       {@code procMount}, {@code procMount_restricted}, {@code seccompProfile_baseline}, {@code
 *       seccompProfile_restricted}, {@code sysctls}, {@code hostProbesAndHostLifecycle}, {@code
 *       allowPrivilegeEscalation}, other {@code capabilities_restricted} and {@code
 *       restrictedVolumes} faults, {@code nodePortService}; {@code namespaceLabels} for an invalid
 *       level or a version older than v1.35</td></tr>
 *   <tr><th>low</th><td>{@code mutableImageTag}, {@code automountServiceAccountToken}; {@code
 *       namespaceLabels} for an unpinned or invalid version</td></tr>
 * </table>
 *
 * <p>In Enforce (with {@code labelNamespaces}), the control wants each governed Namespace to carry
 * the enforce labels, and only them: the Namespace is someone else's object, so the desired object
 * is not owned and Rempart never deletes a namespace. Existing workloads that break the standard
 * stay findings: Rempart does not rewrite them, and the API server only checks new pods.
 */
public final class PodSecurityControl implements Control {
  public static final String NAME = "podSecurity";
  public static final String CLAUSE = "4.5";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String clauses() {
    return CLAUSE;
  }

  @Override
  public Optional<PodSecuritySpec> section(SecurityBaselineSpec spec) {
    return Optional.ofNullable(spec.getPodSecurity());
  }

  @Override
  public List<Class<? extends HasMetadata>> inputs() {
    List<Class<? extends HasMetadata>> inputs = new ArrayList<>(PodSpecs.KINDS);
    inputs.add(Service.class);
    inputs.add(ServiceAccount.class);
    return List.copyOf(inputs);
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    // Rempart only labels Namespaces; it owns nothing whole that it could remove.
    return List.of();
  }

  @Override
  public void evaluateNamespace(
      ControlContext context, Namespace ns, ControlResult.Builder result) {
    PodSecuritySpec spec = context.baseline().getSpec().getPodSecurity();
    PodSecurityLevel level = spec.getLevel();
    if (level == null) {
      throw new IllegalArgumentException(
          "spec.podSecurity.level is required (baseline or restricted)");
    }
    boolean enforced = context.mode() == Mode.Enforce;
    String namespace = ns.getMetadata().getName();
    if (spec.effectiveLabelNamespaces()) {
      labelNamespace(ns, level, enforced, result);
    }
    // Each object on its own: one of a shape the checks do not handle is reported as
    // unevaluable by name, and the namespace's other pods and services are still checked.
    Snapshot snapshot = context.snapshot();
    UnevaluableObject.each(
        NAME,
        CLAUSE,
        PodSpecs.candidates(snapshot, namespace),
        result,
        (object, out) ->
            PodSpecs.reportable(object, snapshot)
                .ifPresent(target -> checkPod(target, level, snapshot, out)));
    UnevaluableObject.each(
        NAME,
        CLAUSE,
        snapshot.inNamespace(Service.class, namespace),
        result,
        (service, out) ->
            NodePortServiceCheck.evaluate(service)
                .ifPresent(
                    v ->
                        out.finding(
                            finding(
                                NodePortServiceCheck.ID,
                                service,
                                v,
                                ResourceRef.of(service).display()))));
  }

  private static void labelNamespace(
      Namespace ns, PodSecurityLevel level, boolean enforced, ControlResult.Builder out) {
    String name = ns.getMetadata().getName();
    Map<String, String> labels =
        ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
    Namespace desired = NamespaceLabels.object(name, NamespaceLabels.desired(level, labels));
    out.desired(new DesiredObject(NAME, desired, enforced, false));
    NamespaceLabels.evaluate(level, labels)
        .ifPresent(
            v ->
                out.finding(
                    new Finding(
                        NAME,
                        NamespaceLabels.CHECK,
                        CLAUSE,
                        v.severity(),
                        ResourceRef.namespace(name),
                        "Namespace " + name + " " + v.detail() + ". To fix, " + v.fix() + ".",
                        ResourceRef.namespace(name))));
  }

  private static void checkPod(
      PodTarget target, PodSecurityLevel level, Snapshot snapshot, ControlResult.Builder out) {
    PodSpec spec = ApiServerDefaults.apply(target.podSpec(), target.isPod());
    HasMetadata object = target.object();
    String subject = subject(target);
    String standard =
        subject
            + " does not meet the "
            + level.label()
            + " Pod Security Standard ("
            + PodSecurityStandards.VERSION
            + ")";
    for (StandardCheck check : PodSecurityStandards.checksFor(level)) {
      check
          .evaluate(target.podMetadata(), spec)
          .ifPresent(v -> out.finding(finding(check.id(), object, v, standard)));
    }
    MutableImageTagCheck.evaluate(spec)
        .ifPresent(v -> out.finding(finding(MutableImageTagCheck.ID, object, v, subject)));
    ServiceAccountTokenCheck.evaluate(spec, target.namespace(), snapshot)
        .ifPresent(v -> out.finding(finding(ServiceAccountTokenCheck.ID, object, v, subject)));
  }

  /** What the message is about, and where the fix belongs when that is another object. */
  private static String subject(PodTarget target) {
    String display = ResourceRef.of(target.object()).display();
    if (!target.isPod()) {
      return "The pod template of " + display;
    }
    List<OwnerReference> owners = target.object().getMetadata().getOwnerReferences();
    if (owners != null) {
      for (OwnerReference owner : owners) {
        if (Boolean.TRUE.equals(owner.getController())) {
          return display
              + " (made by "
              + owner.getKind()
              + " "
              + owner.getName()
              + ", whose pod template is where to fix it)";
        }
      }
    }
    return display;
  }

  private static Finding finding(String check, HasMetadata object, Violation v, String subject) {
    return Finding.of(
        NAME,
        check,
        CLAUSE,
        v.severity(),
        ResourceRef.of(object),
        subject + ": " + v.describe() + ". To fix, " + v.fix() + ".");
  }
}
