package dev.rempart.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule of the BaselineException CRD on the real API server: a missing or malformed
 * field is refused at {@code kubectl apply} with a message that names it.
 */
class BaselineExceptionValidationIT {
  private static KubernetesClient admin;

  /** A valid spec, field by field; each case removes or replaces one. */
  static final Map<String, String> GOOD = good();

  static Map<String, String> good() {
    Map<String, String> spec = new LinkedHashMap<>();
    spec.put("baseline", "saas-addendum");
    spec.put("controls", "[{control: network}]");
    spec.put("reason", "Legacy flows not mapped yet.");
    spec.put("ticket", "RISK-1");
    spec.put("approvedBy", "ciso@example.com");
    spec.put("expiresAt", "\"2026-03-31T00:00:00Z\"");
    return spec;
  }

  @BeforeAll
  static void connect() {
    ControlPlane.kubeconfig();
    admin = ControlPlane.adminClient();
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  static Stream<Arguments> invalidExceptions() {
    return Stream.of(
        bad("baseline missing", without("baseline"), "spec.baseline: Required value"),
        bad(
            "baseline not a name",
            with("baseline", "Not_A_Name"),
            "spec.baseline in body should match"),
        bad("controls missing", without("controls"), "spec.controls: Required value"),
        bad(
            "no control",
            with("controls", "[]"),
            "spec.controls: Invalid value: 0: spec.controls in body should have at least 1 items"),
        bad(
            "control without a name",
            with("controls", "[{checks: [defaultDeny]}]"),
            "spec.controls[0].control: Required value"),
        bad(
            "unknown control",
            with("controls", "[{control: firewall}]"),
            "spec.controls[0].control: Invalid value: \"string\": control must be one of network,"
                + " podSecurity, environments, encryption, accessControl"),
        bad(
            "check that is not a check name",
            with("controls", "[{control: network, checks: ['default deny']}]"),
            "spec.controls[0].checks[0] in body should match"),
        bad(
            "namespaces and a selector",
            with("namespaces", "[team-a]", "namespaceSelector", "{matchLabels: {a: b}}"),
            "spec: Invalid value: \"object\": namespaces and namespaceSelector are exclusive: set"
                + " one or neither"),
        bad(
            "namespace that is not a name",
            with("namespaces", "[Team_A]"),
            "spec.namespaces[0] in body should match"),
        bad(
            "selector In without values",
            with("namespaceSelector", "{matchExpressions: [{key: a, operator: In}]}"),
            "spec.namespaceSelector.matchExpressions[0]: Invalid value: \"object\": In and NotIn"
                + " need values; Exists and DoesNotExist take none"),
        bad(
            "resource without a kind",
            with("resources", "[{name: web}]"),
            "spec.resources[0].kind: Required value"),
        bad(
            "resource without a name",
            with("resources", "[{kind: Deployment}]"),
            "spec.resources[0].name: Required value"),
        bad(
            "a star inside a name",
            with("resources", "[{kind: Deployment, name: 'leg*acy'}]"),
            "spec.resources[0].name in body should match"),
        bad(
            "kind that is not a kind",
            with("resources", "[{kind: deployment, name: web}]"),
            "spec.resources[0].kind in body should match"),
        bad("reason missing", without("reason"), "spec.reason: Required value"),
        bad("reason empty", with("reason", "''"), "spec.reason in body should be at least 1"),
        bad("reason blank", with("reason", "'   '"), "spec.reason in body should match"),
        bad("ticket missing", without("ticket"), "spec.ticket: Required value"),
        bad("ticket empty", with("ticket", "''"), "spec.ticket in body should be at least 1"),
        bad("approvedBy missing", without("approvedBy"), "spec.approvedBy: Required value"),
        bad("approvedBy blank", with("approvedBy", "' '"), "spec.approvedBy in body should match"),
        bad("expiresAt missing", without("expiresAt"), "spec.expiresAt: Required value"),
        bad(
            "expiresAt a date only",
            with("expiresAt", "'2026-03-31'"),
            "spec.expiresAt in body should match"),
        bad(
            "expiresAt without a zone",
            with("expiresAt", "'2026-03-31T00:00:00'"),
            "spec.expiresAt in body should match"),
        bad(
            "expiresAt prose",
            with("expiresAt", "'end of March'"),
            "spec.expiresAt in body should match"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExceptions")
  void theApiServerRejectsABadExceptionNamingTheField(
      String what, Map<String, String> spec, String expected) {
    GenericKubernetesResource exception =
        admin.getKubernetesSerialization().unmarshal(yaml(spec), GenericKubernetesResource.class);
    assertThatThrownBy(
            () ->
                admin
                    .genericKubernetesResources(SecurityBaseline.API_VERSION, "BaselineException")
                    .resource(exception)
                    .dryRun()
                    .create())
        .as(what)
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void goodExceptionsAreAccepted() {
    Map<String, String> everything = good();
    everything.put("controls", "[{control: podSecurity, checks: [privileged, hostNamespaces]}]");
    everything.put("namespaceSelector", "{matchLabels: {exceptions: allowed}}");
    everything.put(
        "resources", "[{kind: Deployment, name: legacy-*}, {kind: ClusterRoleBinding, name: '*'}]");
    everything.put("expiresAt", "'2026-03-31T12:30:00.5+02:00'");
    for (Map<String, String> spec : List.of(good(), everything)) {
      BaselineException e = (BaselineException) ManifestReader.parse(yaml(spec)).get(0);
      BaselineException created = admin.resource(e).dryRun().create();
      assertThat(created.getSpec().getBaseline()).isEqualTo("saas-addendum");
    }
  }

  @Test
  void maxDaysIsDefaultedAndBounded() {
    SecurityBaseline baseline =
        Fixtures.baseline(
            """
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: max-days}
            spec:
              namespaceSelector: {}
              exceptions: {}
            """);
    assertThat(admin.resource(baseline).dryRun().create().getSpec().getExceptions().getMaxDays())
        .isEqualTo(90);
    baseline.getSpec().getExceptions().setMaxDays(0);
    assertThatThrownBy(() -> admin.resource(baseline).dryRun().create())
        .hasMessageContaining(
            "spec.exceptions.maxDays: Invalid value: 0: spec.exceptions.maxDays in body should be"
                + " greater than or equal to 1");
  }

  /** Guards the list above: a new CEL rule in the CRD without a case here fails this test. */
  @Test
  void everyCelRuleOfTheCrdHasACase() throws Exception {
    CelRules.assertEachHasACase(
        "baselineexceptions.rempart.dev",
        invalidExceptions().map(a -> (String) a.get()[2]).toList());
  }

  private static Arguments bad(String what, Map<String, String> spec, String expectedMessage) {
    return Arguments.of(what, spec, expectedMessage);
  }

  private static Map<String, String> without(String field) {
    Map<String, String> spec = good();
    spec.remove(field);
    return spec;
  }

  private static Map<String, String> with(String... fieldsAndValues) {
    Map<String, String> spec = good();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      spec.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return spec;
  }

  private static String yaml(Map<String, String> spec) {
    StringBuilder out =
        new StringBuilder(
            "apiVersion: rempart.dev/v1alpha1\nkind: BaselineException\nmetadata: {name: bad}\n"
                + "spec:\n");
    spec.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
    return out.toString();
  }
}
