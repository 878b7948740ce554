package dev.rempart.core.admission;

import dev.rempart.api.v1alpha1.ControlSection;
import dev.rempart.api.v1alpha1.EncryptionAtRest;
import dev.rempart.api.v1alpha1.EnvironmentsSpec;
import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.Control;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.DesiredObject;
import dev.rempart.core.Snapshot;
import dev.rempart.core.controls.encryption.ClassesAtRest;
import dev.rempart.core.exceptions.ExceptionAssessment;
import dev.rempart.core.exceptions.ExceptionPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prevention: the baseline's {@code admission} section makes Rempart own
 * ValidatingAdmissionPolicies and their bindings, one per group of kinds (see {@link
 * PolicyCompiler}), desired objects like the NetworkPolicies it makes, so they are applied,
 * repaired and removed by the same machinery. They are applied when the baseline runs in Enforce;
 * in Audit, Rempart writes nothing, this included.
 */
public final class AdmissionControl implements Control {
  public static final String NAME = AdmissionChecks.CONTROL;
  public static final String CLAUSES = "3.1, 4.1, 4.3, 4.4";

  private final RempartIdentity identity;

  /** The control as the command line runs it: Rempart's identity is not known there. */
  public AdmissionControl() {
    this(RempartIdentity.UNKNOWN);
  }

  public AdmissionControl(RempartIdentity identity) {
    this.identity = identity;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String clauses() {
    return CLAUSES;
  }

  /** Present with the admission section; its mode is the baseline's (admission.mode is another). */
  @Override
  public Optional<ControlSection> section(SecurityBaselineSpec spec) {
    return Optional.ofNullable(spec.getAdmission()).map(a -> () -> null);
  }

  @Override
  public List<Class<? extends HasMetadata>> inputs() {
    return List.of(StorageClass.class);
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    return List.of(ValidatingAdmissionPolicy.class, ValidatingAdmissionPolicyBinding.class);
  }

  @Override
  public void evaluateNamespace(
      ControlContext context, Namespace namespace, ControlResult.Builder out) {}

  @Override
  public void evaluateCluster(ControlContext context, ControlResult.Builder out) {
    SecurityBaseline baseline = context.baseline();
    Snapshot snapshot = context.snapshot();
    PolicyInputs inputs = inputs(baseline.getSpec(), snapshot);
    ExceptionPolicy exceptions = ExceptionPolicy.of(snapshot, baseline, context.now());
    Exemptions exemptions = new Exemptions(exceptions.liveSpecs());
    // An exemption ends at its exception's expiry: the policy is regenerated then.
    for (ExceptionAssessment a : exceptions.assessments()) {
      if (a.active() && a.expiresAt() != null && a.expiresAt().isAfter(context.now())) {
        out.revisitAt(a.expiresAt());
      }
    }
    boolean enforced = context.mode() == Mode.Enforce;
    for (PolicyCompiler.Compiled c :
        PolicyCompiler.compile(baseline, identity, inputs, exemptions)) {
      out.desired(new DesiredObject(NAME, c.policy(), enforced, true));
      out.desired(new DesiredObject(NAME, c.binding(), enforced, true));
    }
  }

  /** The facts about other objects the compiled checks need, read from the snapshot. */
  static PolicyInputs inputs(SecurityBaselineSpec spec, Snapshot snapshot) {
    ClassesAtRest classes =
        spec.getEncryption() == null
            ? new ClassesAtRest(Set.of(), Optional.empty())
            : ClassesAtRest.of(
                snapshot.all(StorageClass.class),
                spec.getEncryption().effectiveAtRest() == null
                    ? new EncryptionAtRest()
                    : spec.getEncryption().effectiveAtRest());
    Map<String, List<String>> byEnvironment = new TreeMap<>();
    EnvironmentsSpec environments = spec.getEnvironments();
    if (environments != null && !environments.effectiveIsolated().isEmpty()) {
      String label = spec.effectiveEnvironmentLabel();
      for (String env : environments.effectiveIsolated()) {
        byEnvironment.put(env, new ArrayList<>());
      }
      for (Namespace ns : snapshot.all(Namespace.class)) {
        Map<String, String> labels = ns.getMetadata().getLabels();
        String env = labels == null ? null : labels.get(label);
        if (env != null && byEnvironment.containsKey(env)) {
          byEnvironment.get(env).add(ns.getMetadata().getName());
        }
      }
      byEnvironment.values().forEach(l -> l.sort(String::compareTo));
    }
    return new PolicyInputs(spec, classes, byEnvironment);
  }
}
