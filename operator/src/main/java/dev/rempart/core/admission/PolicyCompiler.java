package dev.rempart.core.admission;

import dev.rempart.api.v1alpha1.AdmissionMode;
import dev.rempart.api.v1alpha1.AdmissionSpec;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.admission.AdmissionCheck.CelRule;
import dev.rempart.core.admission.AdmissionCheck.Target;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchResources;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicySpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles a baseline into one ValidatingAdmissionPolicy and its binding.
 *
 * <p>The policy's failurePolicy is Fail: the API server evaluates it in-process, so the only
 * failures are a CEL error or a cost overrun on one request, and a baseline that failed open there
 * would admit exactly the objects it is meant to stop. The binding's validation action is the
 * baseline's {@code admission.mode}: with Audit nothing is refused, whatever fails.
 */
public final class PolicyCompiler {
  public static final String NAME_PREFIX = "rempart-";
  static final String METADATA_NAME = "kubernetes.io/metadata.name";
  static final String KUBE_SYSTEM = "kube-system";

  /** The API server refuses a CEL expression longer than this (in code points). */
  static final int MAX_EXPRESSION = 100_000;

  /** On the policy: the compiled checks left to the operator because their CEL is too long. */
  public static final String LEFT_TO_OPERATOR_ANNOTATION = "rempart.dev/left-to-operator";

  private PolicyCompiler() {}

  /** What the compilation gives: the two objects, or nothing when no check applies. */
  public record Compiled(
      Optional<ValidatingAdmissionPolicy> policy,
      Optional<ValidatingAdmissionPolicyBinding> binding) {}

  /** The name of the policy and of its binding for a baseline. */
  public static String name(String baseline) {
    return NAME_PREFIX + baseline;
  }

  static Compiled compile(
      SecurityBaseline baseline,
      RempartIdentity identity,
      PolicyInputs inputs,
      Exemptions exemptions) {
    SecurityBaselineSpec spec = baseline.getSpec();
    String baselineName = baseline.getMetadata().getName();
    Map<Target, Set<String>> rules = new LinkedHashMap<>();
    List<Validation> validations = new ArrayList<>();
    List<String> leftToOperator = new ArrayList<>();
    if (identity.known()) {
      validations.add(protection(baselineName, spec.getAdmission(), exemptions));
      for (Target t : AdmissionChecks.PROTECTED) {
        rules
            .computeIfAbsent(t, k -> new LinkedHashSet<>())
            .addAll(List.of(AdmissionChecks.UPDATE, AdmissionChecks.DELETE));
      }
    }
    for (AdmissionCheck row : AdmissionChecks.compiled()) {
      CelRule rule = row.rule().orElseThrow();
      Optional<String> passes = rule.passes().apply(inputs);
      if (passes.isEmpty()) {
        continue;
      }
      String expression =
          "!("
              + guard(rule)
              + ") || ("
              + exemptions.forCheck(row.control(), row.check())
              + ") || ("
              + passes.get()
              + ")";
      if (expression.codePointCount(0, expression.length()) > MAX_EXPRESSION) {
        // Too long for the API server (a list of namespaces of a very large cluster): the operator
        // still decides the check, and the policy says so.
        leftToOperator.add(row.id());
        continue;
      }
      for (Target t : rule.targets()) {
        rules.computeIfAbsent(t, k -> new LinkedHashSet<>()).addAll(rule.operations());
      }
      validations.add(
          validation(
              expression,
              "["
                  + row.id()
                  + "] clause "
                  + row.clause()
                  + ": "
                  + rule.message()
                  + " (Rempart baseline "
                  + baselineName
                  + "; to allow it, a BaselineException to this baseline for "
                  + row.id()
                  + " that names the object.)",
              "Invalid"));
    }
    if (validations.isEmpty()) {
      return new Compiled(Optional.empty(), Optional.empty());
    }
    String name = name(baselineName);
    ValidatingAdmissionPolicy policy = new ValidatingAdmissionPolicy();
    policy.setMetadata(metadata(baseline, name));
    ValidatingAdmissionPolicySpec policySpec = new ValidatingAdmissionPolicySpec();
    policySpec.setFailurePolicy("Fail");
    policySpec.setMatchConstraints(matchConstraints(rules));
    policySpec.setMatchConditions(matchConditions(identity));
    policySpec.setValidations(validations);
    policySpec.setVariables(exemptions.variables());
    if (!leftToOperator.isEmpty()) {
      Map<String, String> annotations = new LinkedHashMap<>(policy.getMetadata().getAnnotations());
      annotations.put(LEFT_TO_OPERATOR_ANNOTATION, String.join(", ", leftToOperator));
      policy.getMetadata().setAnnotations(annotations);
    }
    policy.setSpec(policySpec);

    ValidatingAdmissionPolicyBinding binding = new ValidatingAdmissionPolicyBinding();
    binding.setMetadata(metadata(baseline, name));
    ValidatingAdmissionPolicyBindingSpec bindingSpec = new ValidatingAdmissionPolicyBindingSpec();
    bindingSpec.setPolicyName(name);
    bindingSpec.setValidationActions(actions(spec.getAdmission().effectiveMode()));
    MatchResources where = new MatchResources();
    where.setMatchPolicy("Equivalent");
    where.setObjectSelector(new LabelSelector());
    where.setNamespaceSelector(governed(spec, identity));
    bindingSpec.setMatchResources(where);
    binding.setSpec(bindingSpec);
    return new Compiled(Optional.of(policy), Optional.of(binding));
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta metadata(
      SecurityBaseline baseline, String name) {
    return ManagedObjects.metadata(
        baseline, AdmissionControl.NAME, AdmissionControl.CLAUSES, null, name);
  }

  /** Audit records, Warn warns (and records), Deny refuses. */
  static List<String> actions(AdmissionMode mode) {
    return switch (mode) {
      case Audit -> List.of("Audit");
      case Warn -> List.of("Warn", "Audit");
      case Deny -> List.of("Deny");
    };
  }

  private static String guard(CelRule rule) {
    Set<String> kinds = new TreeSet<>();
    rule.targets().forEach(t -> kinds.add(t.kind()));
    return Cel.in("request.kind.kind", kinds)
        + " && "
        + Cel.in("request.operation", rule.operations());
  }

  private static Validation protection(
      String baseline, AdmissionSpec admission, Exemptions exemptions) {
    Set<String> kinds = new TreeSet<>();
    AdmissionChecks.PROTECTED.forEach(t -> kinds.add(t.kind()));
    String labels = "oldObject.metadata.labels";
    String managed =
        "request.operation in ['UPDATE', 'DELETE'] && "
            + Cel.in("request.kind.kind", kinds)
            + " && oldObject != null && has(oldObject.metadata.labels) && "
            + label(labels, ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE)
            + " && "
            + label(labels, ManagedObjects.BASELINE_LABEL, baseline);
    String control =
        "("
            + Cel.quote(ManagedObjects.CONTROL_LABEL)
            + " in "
            + labels
            + " ? "
            + labels
            + "["
            + Cel.quote(ManagedObjects.CONTROL_LABEL)
            + "] : '')";
    String group = admission.getBreakGlassGroup();
    String breakGlass = group == null ? "false" : Cel.quote(group) + " in request.userInfo.groups";
    String route =
        "change SecurityBaseline "
            + baseline
            + ", or create a BaselineException to it for the object's control (label "
            + ManagedObjects.CONTROL_LABEL
            + ")"
            + (group == null ? "" : ", or ask a member of the break-glass group " + group);
    return validation(
        "!("
            + managed
            + ") || ("
            + breakGlass
            + ") || ("
            + exemptions.forManagedObject(control)
            + ")",
        "["
            + AdmissionChecks.CONTROL
            + "/"
            + AdmissionChecks.CHECK_MANAGED
            + "] This object is managed by Rempart for the baseline "
            + baseline
            + "; only Rempart may change or delete it. To change it, "
            + route
            + ".",
        "Forbidden");
  }

  private static String label(String labels, String key, String value) {
    return Cel.quote(key)
        + " in "
        + labels
        + " && "
        + labels
        + "["
        + Cel.quote(key)
        + "] == "
        + Cel.quote(value);
  }

  private static Validation validation(String expression, String message, String reason) {
    Validation v = new Validation();
    v.setExpression(expression);
    v.setMessage(message);
    v.setReason(reason);
    return v;
  }

  /**
   * Rempart's own writes and those of the cluster's controllers (the garbage collector, the
   * namespace controller tearing a namespace down) are never submitted to the policy: a refusal
   * there would block recovery or deletion.
   */
  private static List<MatchCondition> matchConditions(RempartIdentity identity) {
    List<MatchCondition> conditions = new ArrayList<>();
    if (identity.known()) {
      conditions.add(
          condition(
              "not-rempart", "request.userInfo.username != " + Cel.quote(identity.username())));
    }
    conditions.add(
        condition(
            "not-cluster-controllers",
            "!request.userInfo.username.startsWith('system:serviceaccount:kube-system:')"
                + " && request.userInfo.username != 'system:kube-controller-manager'"));
    return conditions;
  }

  private static MatchCondition condition(String name, String expression) {
    MatchCondition c = new MatchCondition();
    c.setName(name);
    c.setExpression(expression);
    return c;
  }

  /** Written with the defaults the API server would add, so the stored object compares equal. */
  private static MatchResources matchConstraints(Map<Target, Set<String>> rules) {
    MatchResources match = new MatchResources();
    match.setMatchPolicy("Equivalent");
    match.setNamespaceSelector(new LabelSelector());
    match.setObjectSelector(new LabelSelector());
    List<NamedRuleWithOperations> resourceRules = new ArrayList<>();
    rules.forEach(
        (target, operations) -> {
          NamedRuleWithOperations r = new NamedRuleWithOperations();
          r.setApiGroups(List.of(target.group()));
          r.setApiVersions(List.of(target.version()));
          r.setResources(List.of(target.resource()));
          r.setOperations(List.copyOf(operations));
          r.setScope("*");
          resourceRules.add(r);
        });
    match.setResourceRules(resourceRules);
    return match;
  }

  /**
   * The baseline's governed namespaces: its selector, less the excluded namespaces, kube-system and
   * Rempart's own namespace, which the policy never touches.
   */
  static LabelSelector governed(SecurityBaselineSpec spec, RempartIdentity identity) {
    LabelSelector base = spec.getNamespaceSelector().toLabelSelector();
    Set<String> never = new TreeSet<>(spec.effectiveExcludedNamespaces());
    never.add(KUBE_SYSTEM);
    identity.namespace().ifPresent(never::add);
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(base.getMatchLabels());
    List<LabelSelectorRequirement> expressions = new ArrayList<>();
    if (base.getMatchExpressions() != null) {
      expressions.addAll(base.getMatchExpressions());
    }
    expressions.add(new LabelSelectorRequirement(METADATA_NAME, "NotIn", List.copyOf(never)));
    selector.setMatchExpressions(expressions);
    return selector;
  }
}
