package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditCoverageTest.CORPUS;
import static dev.rempart.cli.audit.AuditFixtures.auditBuiltIn;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings Rempart remediates itself in Enforce are the platform's; {@code --scope} decides whose
 * findings fail the run. Ownership comes from the core (the finding's fix is an object the controls
 * want or remove), not from a list of checks.
 */
class AuditOwnershipTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A hardened Deployment and its Service, with no namespace: what an app repository holds. */
  static final String HARDENED_APP =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            serviceAccountName: web
            automountServiceAccountToken: false
            securityContext:
              runAsNonRoot: true
              seccompProfile: {type: RuntimeDefault}
            containers:
            - name: web
              image: "registry.example/web:1.4.2"
              securityContext:
                allowPrivilegeEscalation: false
                readOnlyRootFilesystem: true
                capabilities: {drop: [ALL]}
              resources:
                requests: {cpu: 100m, memory: 64Mi}
                limits: {memory: 128Mi}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        selector: {app: web}
        ports: [{port: 80, targetPort: 8080}]
      """;

  @TempDir Path dir;

  private Map<String, String> ownerByCheck(CliRun.Result r) throws Exception {
    Map<String, String> owners = new HashMap<>();
    for (JsonNode f : JSON.readTree(r.out()).get("findings")) {
      owners.put(
          f.get("control").asText() + "/" + f.get("check").asText(), f.get("owner").asText());
    }
    return owners;
  }

  @Test
  void theNamespaceFindingsOfAHardenedAppArePlatformOwnedAndDoNotFailByDefault() throws Exception {
    String app = write(dir, "app.yaml", HARDENED_APP).toString();
    CliRun.Result json = auditBuiltIn("-f", app, "-o", "json");
    assertThat(json.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(ownerByCheck(json))
        .containsEntry("network/defaultDeny", "platform")
        .containsEntry("podSecurity/namespaceLabels", "platform");
    JsonNode summary = JSON.readTree(json.out()).get("summary");
    assertThat(summary.get("scope").asText()).isEqualTo("app");
    assertThat(summary.at("/findings/high").asInt()).isEqualTo(2);
    assertThat(summary.at("/findings/platform").asInt()).isEqualTo(2);
    assertThat(summary.get("failed").asBoolean()).isFalse();

    CliRun.Result table = auditBuiltIn("-f", app);
    assertThat(AuditCoverageTest.unwrapped(table.out()))
        .contains("[platform: Rempart fixes it in Enforce; not counted with --scope app]")
        .contains("PASS: 3 findings (2 high, 1 medium), none app at or above high (--fail-on)")
        .contains(
            "2 findings Rempart fixes itself in Enforce are not counted (--scope app; --scope all"
                + " counts them).");
  }

  @Test
  void scopeAllAndScopePlatformCountThem() {
    String app = write(dir, "app.yaml", HARDENED_APP).toString();
    assertThat(auditBuiltIn("-f", app, "--scope", "all").exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(auditBuiltIn("-f", app, "--scope", "platform").exitCode())
        .isEqualTo(ExitCodes.FINDINGS);
  }

  @Test
  void anAppFindingFailsWhateverTheScopeButPlatform() throws Exception {
    String privileged =
        HARDENED_APP.replace(
            "allowPrivilegeEscalation: false",
            "allowPrivilegeEscalation: false\n          privileged: true");
    String app = write(dir, "app.yaml", privileged).toString();
    assertThat(auditBuiltIn("-f", app).exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(auditBuiltIn("-f", app, "--scope", "all").exitCode()).isEqualTo(ExitCodes.FINDINGS);
    // The platform's pipeline does not fail on the app's workload (only on the namespace's set).
    JsonNode platform =
        JSON.readTree(auditBuiltIn("-f", app, "--scope", "platform", "-o", "json").out());
    for (JsonNode f : platform.get("findings")) {
      assertThat(f.get("fails").asBoolean())
          .as(f.get("check").asText())
          .isEqualTo(f.get("owner").asText().equals("platform"));
    }
    assertThat(platform.get("findings").findValuesAsText("check")).contains("privileged");
  }

  @Test
  void onTheCorpusThePerNamespaceHighsAreThePlatformsAndTheWorkloadsTheApps() throws Exception {
    CliRun.Result r = auditBuiltIn("-f", CORPUS.toString(), "-o", "json");
    JsonNode findings = JSON.readTree(r.out()).get("findings");
    long platformHighs = 0;
    for (JsonNode f : findings) {
      String check = f.get("control").asText() + "/" + f.get("check").asText();
      boolean platform = f.get("owner").asText().equals("platform");
      boolean perNamespace =
          check.equals("network/defaultDeny") || check.equals("podSecurity/namespaceLabels");
      // What Rempart creates itself is exactly the per-namespace set; workloads stay the app's.
      assertThat(platform).as(check).isEqualTo(perNamespace);
      if (platform && f.get("severity").asText().equals("high")) {
        platformHighs++;
      }
    }
    assertThat(platformHighs).isEqualTo(24);
    // Workload findings (privileged containers, root users) still fail the app's run.
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
  }
}
