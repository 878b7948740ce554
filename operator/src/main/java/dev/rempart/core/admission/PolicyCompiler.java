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
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles a baseline into ValidatingAdmissionPolicies and their bindings, one pair per group of
 * kinds with the same schema ({@link Target#policy()}): the API server type-checks every validation
 * of a policy against every kind the policy matches, and a runtime guard on {@code request.kind}
 * does not help it, so a check on NetworkPolicies cannot share a policy with
 * PersistentVolumeClaims. The protection of the objects Rempart manages goes with the kinds it
 * protects.
 *
 * <p>Each policy's failurePolicy is Fail: the API server evaluates it in-process, so the only
 * failures are a CEL error or a cost overrun on one request, and a baseline that failed open there
 * would admit exactly the objects it is meant to stop. Each binding's validation action is the
 * baseline's {@code admission.mode}: with Audit nothing is refused, whatever fails.
 */
public final class PolicyCompiler {
  public static final String NAME_PREFIX = "rempart-";
  static final String METADATA_NAME = "kubernetes.io/metadata.name";
  static final String KUBE_SYSTEM = "kube-system";

  /** The API server refuses a CEL expression longer than this (in code points). */
  static final int MAX_EXPRESSION = 100_000;

  /** On a policy: its compiled checks left to the operator because their CEL is too long. */
  public static final String LEFT_TO_OPERATOR_ANNOTATION = "rempart.dev/left-to-operator";

  private PolicyCompiler() {}

  /**
   * One policy and its binding, both named {@link #name(String, String)}.
   *
   * @param group the kinds' group, as {@link Target#policy()} names it ({@code bindings})
   */
  public record Compiled(
      String group, ValidatingAdmissionPolicy policy, ValidatingAdmissionPolicyBinding binding) {}

  /** The name of the policy, and of its binding, for a baseline's group of kinds. */
  public static String name(String baseline, String group) {
    return NAME_PREFIX + baseline + "-" + group;
  }

  /** What one policy gathers, check by check, before it is built. */
  private static final class Draft {
    final Map<Target, Set<String>> rules = new LinkedHashMap<>();
    final List<Validation> validations = new ArrayList<>();
    final List<String> leftToOperator = new ArrayList<>();

    void match(Target target, List<String> operations) {
      rules.computeIfAbsent(target, k -> new LinkedHashSet<>()).addAll(operations);
    }
  }

  /** The policies the baseline asks for, in a stable order; none when no check applies. */
  static List<Compiled> compile(
      SecurityBaseline baseline,
      RempartIdentity identity,
      PolicyInputs inputs,
      Exemptions exemptions) {
    SecurityBaselineSpec spec = baseline.getSpec();
    String baselineName = baseline.getMetadata().getName();
    Map<String, Draft> drafts = new LinkedHashMap<>();
    if (identity.known()) {
      Map<String, List<Target>> protectedByPolicy = new LinkedHashMap<>();
      for (Target t : AdmissionChecks.PROTECTED) {
        protectedByPolicy.computeIfAbsent(t.policy(), k -> new ArrayList<>()).add(t);
      }
      protectedByPolicy.forEach(
          (group, targets) -> {
            Draft draft = drafts.computeIfAbsent(group, k -> new Draft());
            draft.validations.add(
                protection(baselineName, spec.getAdmission(), exemptions, targets));
            targets.forEach(
                t -> draft.match(t, List.of(AdmissionChecks.UPDATE, AdmissionChecks.DELETE)));
          });
    }
    for (AdmissionCheck row : AdmissionChecks.compiled()) {
      for (CelRule rule : row.rules()) {
        rule.passes()
            .apply(inputs)
            .ifPresent(
                passes ->
                    add(
                        drafts.computeIfAbsent(policyOf(row, rule), k -> new Draft()),
                        row,
                        rule,
                        passes,
                        baselineName,
                        exemptions));
      }
    }
    // A group whose only checks are left to the operator has no policy (the API server refuses
    // one without validations): the first policy says so instead, so that it is still written.
    List<String> homeless = new ArrayList<>();
    drafts.values().stream()
        .filter(d -> d.validations.isEmpty())
        .forEach(d -> homeless.addAll(d.leftToOperator));
    // A check with rules in several such groups is named once.
    List<String> homelessOnce = homeless.stream().distinct().toList();
    List<Compiled> compiled = new ArrayList<>();
    drafts.forEach(
        (group, draft) -> {
          if (!draft.validations.isEmpty()) {
            if (compiled.isEmpty()) {
              homelessOnce.stream()
                  .filter(id -> !draft.leftToOperator.contains(id))
                  .forEach(draft.leftToOperator::add);
            }
            compiled.add(build(baseline, identity, exemptions, group, draft));
          }
        });
    return List.copyOf(compiled);
  }

  /** One compiled rule of a check into its policy's draft, unless its CEL is too long. */
  private static void add(
      Draft draft,
      AdmissionCheck row,
      CelRule rule,
      String passes,
      String baselineName,
      Exemptions exemptions) {
    String expression =
        "!("
            + guard(rule)
            + ") || ("
            + exemptions.forCheck(row.control(), row.check())
            + ") || ("
            + passes
            + ")";
    if (expression.codePointCount(0, expression.length()) > MAX_EXPRESSION) {
      // Too long for the API server (a list of namespaces of a very large cluster): the operator
      // still decides the check, and the policy says so.
      draft.leftToOperator.add(row.id());
      return;
    }
    rule.targets().forEach(t -> draft.match(t, rule.operations()));
    draft.validations.add(
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

  /** The group of kinds a rule reads: one, since its CEL is typed against each of them. */
  private static String policyOf(AdmissionCheck row, CelRule rule) {
    Set<String> groups = new TreeSet<>();
    rule.targets().forEach(t -> groups.add(t.policy()));
    if (groups.size() != 1) {
      throw new IllegalStateException(
          row.id() + " has a rule on kinds of different policies " + groups + "; split the rule");
    }
    return groups.iterator().next();
  }

  private static Compiled build(
      SecurityBaseline baseline,
      RempartIdentity identity,
      Exemptions exemptions,
      String group,
      Draft draft) {
    String name = name(baseline.getMetadata().getName(), group);
    ValidatingAdmissionPolicy policy = new ValidatingAdmissionPolicy();
    policy.setMetadata(metadata(baseline, name));
    ValidatingAdmissionPolicySpec policySpec = new ValidatingAdmissionPolicySpec();
    policySpec.setFailurePolicy("Fail");
    policySpec.setMatchConstraints(matchConstraints(draft.rules));
    policySpec.setMatchConditions(matchConditions(identity));
    policySpec.setValidations(draft.validations);
    policySpec.setVariables(exemptions.variables());
    if (!draft.leftToOperator.isEmpty()) {
      Map<String, String> annotations = new LinkedHashMap<>(policy.getMetadata().getAnnotations());
      annotations.put(LEFT_TO_OPERATOR_ANNOTATION, String.join(", ", draft.leftToOperator));
      policy.getMetadata().setAnnotations(annotations);
    }
    policy.setSpec(policySpec);

    ValidatingAdmissionPolicyBinding binding = new ValidatingAdmissionPolicyBinding();
    binding.setMetadata(metadata(baseline, name));
    ValidatingAdmissionPolicyBindingSpec bindingSpec = new ValidatingAdmissionPolicyBindingSpec();
    bindingSpec.setPolicyName(name);
    SecurityBaselineSpec spec = baseline.getSpec();
    bindingSpec.setValidationActions(actions(spec.getAdmission().effectiveMode()));
    MatchResources where = new MatchResources();
    where.setMatchPolicy("Equivalent");
    where.setObjectSelector(new LabelSelector());
    where.setNamespaceSelector(governed(spec, identity));
    bindingSpec.setMatchResources(where);
    binding.setSpec(bindingSpec);
    return new Compiled(group, policy, binding);
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
      String baseline, AdmissionSpec admission, Exemptions exemptions, List<Target> targets) {
    Set<String> kinds = new TreeSet<>();
    targets.forEach(t -> kinds.add(t.kind()));
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
