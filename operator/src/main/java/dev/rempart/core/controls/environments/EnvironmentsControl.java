package dev.rempart.core.controls.environments;

import dev.rempart.api.v1alpha1.EnvironmentsSpec;
import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.Control;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.DesiredObject;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.UnevaluableObject;
import dev.rempart.core.Workloads;
import dev.rempart.core.Workloads.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Clause 4.3: production separated from development and test.
 *
 * <p>Checks, all citing 4.3:
 *
 * <ul>
 *   <li>{@code environmentLabel} (medium): a governed namespace without the environment label, or
 *       with a value that is not allowed. Only a person can say which environment a namespace is
 *       in, so Rempart never sets it. The other checks skip such a namespace.
 *   <li>{@code ingressIsolation} (high): a namespace of an isolated environment whose pods are not
 *       all isolated for ingress. In Enforce Rempart applies {@value IsolationPolicy#NAME}.
 *   <li>{@code crossEnvironmentIngress} (high): a policy of a namespace of an isolated environment
 *       that admits namespaces of another environment.
 *   <li>{@code crossEnvironmentBinding} (high): a RoleBinding in a namespace of an isolated
 *       environment that grants to service accounts of another environment.
 *   <li>{@code nodePinning} (medium): a workload of an environment with node selectors whose pods
 *       may be scheduled on other nodes.
 * </ul>
 */
public final class EnvironmentsControl implements Control {
  public static final String NAME = "environments";
  public static final String CLAUSE = "4.3";
  public static final String CHECK_LABEL = "environmentLabel";
  public static final String CHECK_ISOLATION = "ingressIsolation";
  public static final String CHECK_INGRESS = "crossEnvironmentIngress";
  public static final String CHECK_BINDING = "crossEnvironmentBinding";
  public static final String CHECK_PINNING = "nodePinning";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String clauses() {
    return CLAUSE;
  }

  @Override
  public Optional<EnvironmentsSpec> section(SecurityBaselineSpec spec) {
    return Optional.ofNullable(spec.getEnvironments());
  }

  @Override
  public List<Class<? extends HasMetadata>> inputs() {
    List<Class<? extends HasMetadata>> inputs = new ArrayList<>();
    inputs.add(NetworkPolicy.class);
    inputs.add(RoleBinding.class);
    inputs.addAll(Workloads.KINDS);
    return inputs;
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    return List.of(NetworkPolicy.class);
  }

  @Override
  public void evaluateNamespace(
      ControlContext context, Namespace ns, ControlResult.Builder result) {
    SecurityBaselineSpec baselineSpec = context.baseline().getSpec();
    EnvironmentsSpec spec = baselineSpec.getEnvironments();
    Environments environments =
        new Environments(baselineSpec.effectiveEnvironmentLabel(), context.snapshot());
    String namespace = ns.getMetadata().getName();
    String environment = environments.of(ns);
    if (!checkLabel(spec, environments, namespace, environment, result)) {
      return;
    }
    if (spec.effectiveIsolated().contains(environment)) {
      isolate(context, environments, namespace, environment, result);
      checkBindings(context, environments, namespace, environment, result);
    }
    checkPinning(context, spec, namespace, environment, result);
  }

  /** True when the namespace names an allowed environment. */
  private static boolean checkLabel(
      EnvironmentsSpec spec,
      Environments environments,
      String namespace,
      String environment,
      ControlResult.Builder out) {
    if (environment != null && spec.effectiveAllowed().contains(environment)) {
      return true;
    }
    String allowed = String.join(", ", spec.effectiveAllowed());
    String what =
        environment == null
            ? "Namespace " + namespace + " has no " + environments.label() + " label"
            : "Namespace "
                + namespace
                + " is labelled "
                + environments.label()
                + "="
                + environment
                + ", which is not an allowed environment";
    out.finding(
        Finding.of(
            NAME,
            CHECK_LABEL,
            CLAUSE,
            Severity.MEDIUM,
            ResourceRef.namespace(namespace),
            what
                + ", so Rempart cannot keep it apart from other environments. Label it with its"
                + " environment (one of "
                + allowed
                + "): kubectl label namespace "
                + namespace
                + " "
                + environments.label()
                + "=<environment> --overwrite."));
    return false;
  }

  private static void isolate(
      ControlContext context,
      Environments environments,
      String namespace,
      String environment,
      ControlResult.Builder out) {
    NetworkPolicy isolation =
        IsolationPolicy.desired(context.baseline(), namespace, environments.label(), environment);
    out.desired(new DesiredObject(NAME, isolation, context.mode() == Mode.Enforce, true));
    // Policy by policy: one of a shape the checks do not handle is reported by name, and the
    // others are judged without it.
    List<NetworkPolicy> present =
        UnevaluableObject.evaluable(
            NAME,
            CLAUSE,
            context.snapshot().inNamespace(NetworkPolicy.class, namespace),
            out,
            p -> IngressIsolation.podsIsolated(List.of(p)));
    if (!IngressIsolation.podsIsolated(present)) {
      out.finding(
          new Finding(
              NAME,
              CHECK_ISOLATION,
              CLAUSE,
              Severity.HIGH,
              ResourceRef.namespace(namespace),
              "Namespace "
                  + namespace
                  + " belongs to the isolated environment "
                  + environment
                  + " but no NetworkPolicy isolates its pods for ingress, so namespaces of every"
                  + " other environment can reach them. Add a NetworkPolicy with an empty"
                  + " podSelector and policyTypes [Ingress] that admits only namespaces labelled "
                  + environments.label()
                  + "="
                  + environment
                  + " (in Enforce, Rempart creates "
                  + IsolationPolicy.NAME
                  + ").",
              IsolationPolicy.ref(namespace)));
    }
    // Every namespace is read only for a policy whose peers select namespaces by label: the other
    // namespaces stay out of this namespace's dependencies otherwise.
    Supplier<List<Namespace>> all = () -> context.snapshot().all(Namespace.class);
    UnevaluableObject.each(
        NAME,
        CLAUSE,
        present,
        out,
        (policy, part) -> {
          List<String> sources =
              IngressIsolation.otherEnvironmentSources(policy, environments, environment, all);
          if (sources.isEmpty()) {
            return;
          }
          part.finding(
              Finding.of(
                  NAME,
                  CHECK_INGRESS,
                  CLAUSE,
                  Severity.HIGH,
                  ResourceRef.of(policy),
                  "NetworkPolicy "
                      + namespace
                      + "/"
                      + policy.getMetadata().getName()
                      + " admits ingress from "
                      + String.join(", ", sources)
                      + ", outside the isolated environment "
                      + environment
                      + ". Limit the rule's sources (from) to a namespaceSelector on "
                      + environments.label()
                      + "="
                      + environment
                      + ", or remove the rule. Rempart does not change this policy: it is not its"
                      + " own."));
        });
  }

  private static void checkBindings(
      ControlContext context,
      Environments environments,
      String namespace,
      String environment,
      ControlResult.Builder out) {
    UnevaluableObject.each(
        NAME,
        CLAUSE,
        context.snapshot().inNamespace(RoleBinding.class, namespace),
        out,
        (binding, part) -> {
          List<ForeignSubjects.Foreign> foreign =
              ForeignSubjects.of(binding, environments, environment);
          if (foreign.isEmpty()) {
            return;
          }
          String who =
              foreign.stream()
                  .map(f -> f.subject() + " (" + f.why() + ")")
                  .collect(Collectors.joining(", "));
          part.finding(
              Finding.of(
                  NAME,
                  CHECK_BINDING,
                  CLAUSE,
                  Severity.HIGH,
                  ResourceRef.of(binding),
                  "RoleBinding "
                      + namespace
                      + "/"
                      + binding.getMetadata().getName()
                      + " in the isolated environment "
                      + environment
                      + " grants "
                      + binding.getRoleRef().getKind()
                      + " "
                      + binding.getRoleRef().getName()
                      + " to service accounts of another environment: "
                      + who
                      + ". Remove those subjects, and give the workload that needs this access a"
                      + " service account of its own in the "
                      + environment
                      + " environment."));
        });
  }

  private static void checkPinning(
      ControlContext context,
      EnvironmentsSpec spec,
      String namespace,
      String environment,
      ControlResult.Builder out) {
    Map<String, String> required = spec.nodeSelectorFor(environment);
    if (required.isEmpty()) {
      return;
    }
    UnevaluableObject.each(
        NAME,
        CLAUSE,
        Workloads.inNamespace(context.snapshot(), namespace),
        Workload::ref,
        out,
        (workload, part) -> {
          Map<String, String> missing = NodePinning.unpinned(workload.podSpec(), required);
          if (missing.isEmpty()) {
            return;
          }
          String labels =
              missing.entrySet().stream()
                  .map(e -> e.getKey() + ": " + e.getValue())
                  .collect(Collectors.joining(", "));
          part.finding(
              Finding.of(
                  NAME,
                  CHECK_PINNING,
                  CLAUSE,
                  Severity.MEDIUM,
                  workload.ref(),
                  workload.display()
                      + " runs in the "
                      + environment
                      + " environment but can be scheduled on nodes of other environments:"
                      + " neither its nodeSelector nor a required node affinity demands {"
                      + labels
                      + "}. Add nodeSelector {"
                      + labels
                      + "} to its pod spec (or a required node affinity that every term pins to"
                      + " these labels)."));
        });
  }
}
