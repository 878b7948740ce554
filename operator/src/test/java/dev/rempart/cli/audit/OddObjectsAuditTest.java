package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditFixtures.NO_DEFAULT_DENY;
import static dev.rempart.cli.audit.AuditFixtures.auditBuiltIn;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.nio.file.Path;
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
}
