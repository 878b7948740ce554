package dev.rempart.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.Control;
import dev.rempart.core.ControlCatalog;
import dev.rempart.core.DesiredObject;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admission section compiled to policies and bindings, in the core. */
class AdmissionControlTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
  private static final RempartIdentity REMPART =
      new RempartIdentity("system:serviceaccount:rempart-system:rempart");

  private static SecurityBaseline baseline(String sections) throws Exception {
    SecurityBaseline b =
        new ObjectMapper(new YAMLFactory())
            .readValue(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: b, uid: u-1}
                spec:
                  mode: Enforce
                  namespaceSelector: {matchLabels: {rempart.dev/governed: "true"}}
                """
                    + sections,
                SecurityBaseline.class);
    return b;
  }

  private static List<DesiredObject> desired(SecurityBaseline b, RempartIdentity who) {
    return desired(b, who, List.of());
  }

  private static List<DesiredObject> desired(
      SecurityBaseline b, RempartIdentity who, List<HasMetadata> cluster) {
    EvaluationResult result =
        Evaluator.standard(who).evaluate(b, Snapshot.builder().addAll(cluster).build(), CLOCK);
    return result.desired().stream().filter(d -> d.control().equals("admission")).toList();
  }

  private static List<ValidatingAdmissionPolicy> policies(List<DesiredObject> desired) {
    return desired.stream()
        .map(DesiredObject::object)
        .filter(ValidatingAdmissionPolicy.class::isInstance)
        .map(ValidatingAdmissionPolicy.class::cast)
        .toList();
  }

  private static List<ValidatingAdmissionPolicyBinding> bindings(List<DesiredObject> desired) {
    return desired.stream()
        .map(DesiredObject::object)
        .filter(ValidatingAdmissionPolicyBinding.class::isInstance)
        .map(ValidatingAdmissionPolicyBinding.class::cast)
        .toList();
  }

  /** The policy of baseline b for a group of kinds ({@code networkpolicies}). */
  private static ValidatingAdmissionPolicy policy(List<DesiredObject> desired, String group) {
    return policies(desired).stream()
        .filter(p -> p.getMetadata().getName().equals("rempart-b-" + group))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no policy rempart-b-" + group));
  }

  private static final String EVERY_CHECK =
      """
        network: {}
        encryption:
          inTransit: {requireIngressTLS: true}
          atRest: {encryptedStorageClasses: [gold]}
        environments: {allowed: [production], isolated: [production]}
        accessControl: {forbidClusterAdmin: true}
        admission: {mode: Warn}
      """;

  private static final List<HasMetadata> A_PLAIN_CLASS =
      List.of(
          new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder()
              .withNewMetadata()
              .withName("plain")
              .endMetadata()
              .withProvisioner("example.com/none")
              .build());

  @Test
  void withoutTheSectionNothingIsGenerated() throws Exception {
    assertThat(desired(baseline("  network: {}\n"), REMPART)).isEmpty();
  }

  @Test
  void thePolicyExemptsRempartAndTheClusterControllersAndProtectsManagedObjects() throws Exception {
    List<DesiredObject> desired =
        desired(
            baseline("  network: {}\n  admission: {mode: Deny, breakGlassGroup: sre}\n"), REMPART);
    assertThat(desired).allMatch(DesiredObject::enforced).allMatch(DesiredObject::owned);
    ValidatingAdmissionPolicy policy = policy(desired, "networkpolicies");
    assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
    assertThat(policy.getSpec().getMatchConditions())
        .anyMatch(c -> c.getExpression().contains("'" + REMPART.username() + "'"))
        .anyMatch(c -> c.getExpression().contains("system:serviceaccount:kube-system:"));
    List<String> messages =
        policy.getSpec().getValidations().stream().map(Validation::getMessage).toList();
    assertThat(messages.get(0))
        .startsWith("[admission/managedObject]")
        .contains("baseline b")
        .contains("BaselineException")
        .contains("break-glass group sre");
    assertThat(policy.getSpec().getValidations().get(0).getExpression())
        .contains("'sre' in request.userInfo.groups");
    assertThat(messages).anyMatch(m -> m.startsWith("[network/allowAllPolicy]"));
    ValidatingAdmissionPolicyBinding binding = bindings(desired).get(0);
    assertThat(binding.getMetadata().getName()).isEqualTo("rempart-b-networkpolicies");
    assertThat(binding.getSpec().getPolicyName()).isEqualTo("rempart-b-networkpolicies");
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    var never = binding.getSpec().getMatchResources().getNamespaceSelector();
    assertThat(never.getMatchLabels()).containsEntry("rempart.dev/governed", "true");
    assertThat(never.getMatchExpressions())
        .anySatisfy(
            r ->
                assertThat(r.getValues())
                    .contains("kube-system", "rempart-system", "kube-public", "kube-node-lease"));
  }

  @Test
  void eachGroupOfKindsHasAPolicyOfItsOwnMatchingOnlyThoseKinds() throws Exception {
    List<DesiredObject> desired = desired(baseline(EVERY_CHECK), REMPART, A_PLAIN_CLASS);
    Map<String, Set<String>> kindsByPolicy = new TreeMap<>();
    for (ValidatingAdmissionPolicy p : policies(desired)) {
      Set<String> resources = new TreeSet<>();
      p.getSpec()
          .getMatchConstraints()
          .getResourceRules()
          .forEach(r -> resources.addAll(r.getResources()));
      kindsByPolicy.put(p.getMetadata().getName(), resources);
    }
    // The API server type-checks each validation against every kind its policy matches: kinds of
    // different schemas are never in one policy.
    assertThat(kindsByPolicy)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "rempart-b-networkpolicies", Set.of("networkpolicies"),
                    "rempart-b-ingresses", Set.of("ingresses"),
                    "rempart-b-services", Set.of("services"),
                    "rempart-b-persistentvolumeclaims", Set.of("persistentvolumeclaims"),
                    "rempart-b-bindings", Set.of("rolebindings", "clusterrolebindings"))));
    assertThat(bindings(desired))
        .extracting(b -> b.getSpec().getPolicyName())
        .containsExactlyInAnyOrderElementsOf(kindsByPolicy.keySet());
    assertThat(bindings(desired))
        .allSatisfy(
            b -> {
              assertThat(b.getMetadata().getName()).isEqualTo(b.getSpec().getPolicyName());
              assertThat(b.getSpec().getValidationActions()).containsExactly("Warn", "Audit");
            });
    assertThat(messages(policy(desired, "networkpolicies")))
        .containsExactly("[admission/managedObject]", "[network/allowAllPolicy]");
    assertThat(messages(policy(desired, "ingresses")))
        .containsExactly("[encryption/ingressTls]", "[encryption/sslRedirect]");
    assertThat(messages(policy(desired, "services")))
        .containsExactly("[encryption/plaintextLoadBalancer]");
    assertThat(messages(policy(desired, "persistentvolumeclaims")))
        .containsExactly("[encryption/volumeAtRest]");
    assertThat(messages(policy(desired, "bindings")))
        .containsExactly("[environments/crossEnvironmentBinding]", "[accessControl/clusterAdmin]");
  }

  @Test
  void everyCompiledRuleReadsKindsOfOnePolicy() {
    for (AdmissionCheck row : AdmissionChecks.compiled()) {
      for (AdmissionCheck.CelRule rule : row.rules()) {
        assertThat(rule.targets())
            .as(row.id())
            .extracting(AdmissionCheck.Target::policy)
            .containsOnly(rule.targets().get(0).policy());
      }
    }
  }

  /** The check ids that open each validation's message. */
  private static List<String> messages(ValidatingAdmissionPolicy policy) {
    return policy.getSpec().getValidations().stream()
        .map(v -> v.getMessage().substring(0, v.getMessage().indexOf(']') + 1))
        .toList();
  }

  @Test
  void theSinglePolicyOfAnEarlierVersionIsAnOrphanToRemove() throws Exception {
    SecurityBaseline b = baseline(EVERY_CHECK);
    ValidatingAdmissionPolicy old = new ValidatingAdmissionPolicy();
    old.setMetadata(
        dev.rempart.core.ManagedObjects.metadata(
            b, AdmissionControl.NAME, AdmissionControl.CLAUSES, null, "rempart-b"));
    ValidatingAdmissionPolicyBinding oldBinding = new ValidatingAdmissionPolicyBinding();
    oldBinding.setMetadata(
        dev.rempart.core.ManagedObjects.metadata(
            b, AdmissionControl.NAME, AdmissionControl.CLAUSES, null, "rempart-b"));
    EvaluationResult result =
        Evaluator.standard(REMPART)
            .evaluate(b, Snapshot.builder().addAll(List.of(old, oldBinding)).build(), CLOCK);
    assertThat(result.orphansToRemove())
        .extracting(o -> o.object().getKind() + " " + o.object().getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ValidatingAdmissionPolicy rempart-b", "ValidatingAdmissionPolicyBinding rempart-b");
  }

  @Test
  void anUnknownIdentityGeneratesNoProtectionThatWouldLockRempartOut() throws Exception {
    ValidatingAdmissionPolicy policy =
        policy(
            desired(baseline("  network: {}\n  admission: {}\n"), RempartIdentity.UNKNOWN),
            "networkpolicies");
    assertThat(policy.getSpec().getValidations())
        .noneMatch(v -> v.getMessage().startsWith("[admission/managedObject]"));
  }

  @Test
  void aLiveExceptionIsOneVariableThatTheChecksItCoversReferTo() throws Exception {
    HasMetadata exception =
        dev.rempart.io.ManifestReader.parse(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: BaselineException
                metadata: {name: legacy, creationTimestamp: "2026-01-10T00:00:00Z"}
                spec:
                  baseline: b
                  controls: [{control: network, checks: [allowAllPolicy]}]
                  namespaces: [shop]
                  resources: [{kind: NetworkPolicy, name: legacy-*}]
                  reason: flows not mapped yet
                  ticket: T-1
                  approvedBy: ciso@example.com
                  expiresAt: "2026-01-20T00:00:00Z"
                """)
            .get(0);
    List<ValidatingAdmissionPolicy> policies =
        policies(
            desired(
                baseline("  network: {}\n  encryption: {}\n  admission: {}\n"),
                REMPART,
                List.of(exception)));
    assertThat(policies).hasSizeGreaterThan(1);
    for (ValidatingAdmissionPolicy policy : policies) {
      assertExemption(policy);
    }
  }

  private static void assertExemption(ValidatingAdmissionPolicy policy) {
    assertThat(policy.getSpec().getVariables())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getName()).isEqualTo("exemption_0");
              assertThat(v.getExpression())
                  .isEqualTo(
                      "request.namespace in ['shop'] && ((request.kind.kind == 'NetworkPolicy'"
                          + " && request.name.startsWith('legacy-')))");
            });
    for (Validation v : policy.getSpec().getValidations()) {
      boolean covered = v.getMessage().startsWith("[network/allowAllPolicy]");
      assertThat(v.getExpression().contains("variables.exemption_0"))
          .as(v.getMessage())
          .isEqualTo(covered);
    }
  }

  @Test
  void aCheckTooLongForTheApiServerIsLeftToTheOperatorAndThePolicySaysSo() throws Exception {
    List<HasMetadata> namespaces = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      namespaces.add(
          new io.fabric8.kubernetes.api.model.NamespaceBuilder()
              .withNewMetadata()
              .withName("production-team-" + i)
              .withLabels(java.util.Map.of("rempart.dev/environment", "production"))
              .endMetadata()
              .build());
    }
    // With clusterAdmin, the bindings' policy exists and says so.
    List<DesiredObject> desired =
        desired(
            baseline(
                "  environments: {allowed: [production], isolated: [production]}\n"
                    + "  accessControl: {forbidClusterAdmin: true}\n"
                    + "  network: {}\n  admission: {}\n"),
            REMPART,
            namespaces);
    ValidatingAdmissionPolicy bindings = policy(desired, "bindings");
    assertThat(bindings.getMetadata().getAnnotations())
        .containsEntry(
            PolicyCompiler.LEFT_TO_OPERATOR_ANNOTATION, "environments/crossEnvironmentBinding");
    assertThat(policy(desired, "networkpolicies").getMetadata().getAnnotations())
        .doesNotContainKey(PolicyCompiler.LEFT_TO_OPERATOR_ANNOTATION);
    assertThat(policies(desired))
        .flatExtracting(p -> p.getSpec().getValidations())
        .noneMatch(v -> v.getMessage().startsWith("[environments/crossEnvironmentBinding]"))
        .allMatch(v -> v.getExpression().length() <= PolicyCompiler.MAX_EXPRESSION);

    // Without it, the bindings have no policy: the first policy says so instead.
    List<DesiredObject> withoutClusterAdmin =
        desired(
            baseline(
                "  environments: {allowed: [production], isolated: [production]}\n"
                    + "  network: {}\n  admission: {}\n"),
            REMPART,
            namespaces);
    assertThat(policies(withoutClusterAdmin))
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("rempart-b-networkpolicies");
    assertThat(policy(withoutClusterAdmin, "networkpolicies").getMetadata().getAnnotations())
        .containsEntry(
            PolicyCompiler.LEFT_TO_OPERATOR_ANNOTATION, "environments/crossEnvironmentBinding");
  }

  @Test
  void modesMapToValidationActions() {
    assertThat(PolicyCompiler.actions(dev.rempart.api.v1alpha1.AdmissionMode.Audit))
        .containsExactly("Audit");
    assertThat(PolicyCompiler.actions(dev.rempart.api.v1alpha1.AdmissionMode.Warn))
        .containsExactly("Warn", "Audit");
    assertThat(PolicyCompiler.actions(dev.rempart.api.v1alpha1.AdmissionMode.Deny))
        .containsExactly("Deny");
  }

  @Test
  void inAuditTheObjectsAreDesiredButNotApplied() throws Exception {
    SecurityBaseline b = baseline("  network: {}\n  admission: {mode: Deny}\n");
    b.getSpec().setMode(dev.rempart.api.v1alpha1.Mode.Audit);
    assertThat(desired(b, REMPART)).isNotEmpty().noneMatch(DesiredObject::enforced);
  }

  @Test
  void theProtectedKindsAreTheNamespacedKindsTheOtherControlsOwn() {
    Set<String> owned = new HashSet<>();
    for (Control c : ControlCatalog.all()) {
      for (Class<? extends HasMetadata> type : c.ownedTypes()) {
        if (Namespaced.class.isAssignableFrom(type)) {
          owned.add(HasMetadata.getKind(type));
        }
      }
    }
    Set<String> protectedKinds = new HashSet<>();
    AdmissionChecks.PROTECTED.forEach(t -> protectedKinds.add(t.kind()));
    assertThat(protectedKinds).isEqualTo(owned);
  }

  @ParameterizedTest
  @ValueSource(strings = {"docs/admission.md", "README.md"})
  void theDocumentationListsEveryCheckAndWhereItIsDecided(String file) throws Exception {
    String docs =
        Files.readString(Path.of(System.getProperty("rempart.repository.root", ".."), file));
    for (AdmissionCheck row : AdmissionChecks.all()) {
      assertThat(docs)
          .as(file + ": " + row.id())
          .contains("| `" + row.id() + "` | " + row.clause() + " | " + row.decided().display());
    }
  }
}
