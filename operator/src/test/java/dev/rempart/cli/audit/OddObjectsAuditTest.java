package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditFixtures.NO_DEFAULT_DENY;
import static dev.rempart.cli.audit.AuditFixtures.auditBuiltIn;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects the typed model reads but the API server would never hold, found by {@link
 * HostileInputFuzzTest}: they are audited like the rest, without a stack trace.
 */
class OddObjectsAuditTest {
  @Test
  void aRoleBindingWithoutRoleRefIsAuditedNotACrash(@TempDir Path dir) {
    write(
        dir,
        "binding.yaml",
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: odd, namespace: shop}
        subjects: [{kind: ServiceAccount, name: default, namespace: shop}]
        """);
    write(dir, "good.yaml", NO_DEFAULT_DENY);
    CliRun.Result r = auditBuiltIn("-f", dir.toString(), "-o", "json");
    assertThat(r.hasStackTrace()).as(r.err()).isFalse();
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.out()).contains("shop").contains("defaultDeny");
  }

  /**
   * A Pod and a NetworkPolicy each holding a null where the checks expect an entry (the API server
   * would refuse them; a file may hold them; {@link HostileInputFuzzTest} makes such files): each
   * is reported as unevaluable by kind, namespace and name, and the namespace's other objects are
   * still checked.
   */
  @Test
  void anObjectOfAnUnexpectedShapeIsNamedAndItsNeighboursAreChecked(@TempDir Path dir) {
    write(
        dir,
        "odd.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: odd-pod, namespace: shop}
        spec:
          containers: [{name: app, image: "nginx:1.27", securityContext: {capabilities: {add: [~]}}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: odd-policy, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [~]
        """);
    write(
        dir,
        "neighbours.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: root, namespace: shop}
        spec:
          containers: [{name: app, image: "nginx:1.27", securityContext: {privileged: true}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: open, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
          ingress: [{}]
        """);
    CliRun.Result r = auditBuiltIn("-f", dir.toString(), "-o", "json");
    assertThat(r.hasStackTrace()).as(r.err()).isFalse();
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode findings = json(r.out()).path("findings");
    List<String> unevaluable = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (JsonNode f : findings) {
      String where = f.path("resource").path("kind").asText() + " " + name(f.path("resource"));
      (f.path("check").asText().equals("unevaluable") ? unevaluable : others)
          .add(f.path("control").asText() + " " + where);
    }
    assertThat(unevaluable)
        .as(r.out())
        .containsExactlyInAnyOrder(
            "podSecurity Pod shop/odd-pod", "network NetworkPolicy shop/odd-policy");
    assertThat(others)
        .as("the namespace's other objects are checked")
        .contains("podSecurity Pod shop/root", "network NetworkPolicy shop/open");
  }

  private static String name(JsonNode resource) {
    return resource.path("namespace").asText() + "/" + resource.path("name").asText();
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(text, e);
    }
  }
}
