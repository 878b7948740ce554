package dev.rempart.cli.audit;

import dev.rempart.cli.CliRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Manifests for the audit tests, and a way to run {@code rempart audit} on them. */
final class AuditFixtures {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

  /** A governed namespace with its default deny, and a workload: meets the built-in baseline. */
  static final String COMPLIANT =
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
        labels: {rempart.dev/governed: "true"}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: default-deny, namespace: shop}
      spec:
        podSelector: {}
        policyTypes: [Ingress, Egress]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: "nginx:1.27"}]
      """;

  /**
   * A workload in a namespace the input has no Namespace object for, and no default deny: one high
   * finding on the implied namespace {@code shop}, located at the Deployment (line 1).
   */
  static final String NO_DEFAULT_DENY =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: "nginx:1.27"}]
      """;

  /**
   * Compliant but for a policy that opens ingress to the pods it selects (not all): one medium
   * finding, at line 11.
   */
  static final String MEDIUM_ONLY =
      COMPLIANT
          + """
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: open-web, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: web}}
            policyTypes: [Ingress]
            ingress: [{}]
          """;

  /**
   * The baseline the format and exit-code tests audit against: the network control alone, so that
   * their expectations do not move when the addendum's baseline (built in) gains sections.
   */
  static final String NETWORK_BASELINE =
      """
      apiVersion: rempart.dev/v1alpha1
      kind: SecurityBaseline
      metadata: {name: network-only}
      spec:
        mode: Enforce
        namespaceSelector:
          matchLabels: {rempart.dev/governed: "true"}
        network:
          defaultDeny: [Ingress, Egress]
          allowDNS: true
      """;

  private static final Path NETWORK_BASELINE_FILE = networkBaselineFile();

  private AuditFixtures() {}

  private static Path networkBaselineFile() {
    try {
      Path file = Files.createTempFile("network-baseline", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, NETWORK_BASELINE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path dir, String name, String content) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code rempart audit ARGS}, against {@link #NETWORK_BASELINE} unless ARGS name a baseline. */
  static CliRun.Result audit(String... args) {
    return auditWithStdin("", args);
  }

  /** {@code rempart audit ARGS} with the built-in baseline (the addendum's). */
  static CliRun.Result auditBuiltIn(String... args) {
    return run("", args);
  }

  /**
   * {@code rempart audit ARGS} with STDIN. Unless ARGS say otherwise, against {@link
   * #NETWORK_BASELINE} and with {@code --scope all}: the network control's default-deny finding is
   * one Rempart fixes itself, which {@code --scope app} (the command's default) would not count,
   * and these tests are about formats and exit codes, not ownership.
   */
  static CliRun.Result auditWithStdin(String stdin, String... args) {
    if (!java.util.Arrays.asList(args).contains("--scope")) {
      String[] withScope = java.util.Arrays.copyOf(args, args.length + 2);
      withScope[args.length] = "--scope";
      withScope[args.length + 1] = "all";
      args = withScope;
    }
    if (java.util.Arrays.asList(args).contains("--baseline")) {
      return run(stdin, args);
    }
    String[] withBaseline = java.util.Arrays.copyOf(args, args.length + 2);
    withBaseline[args.length] = "--baseline";
    withBaseline[args.length + 1] = NETWORK_BASELINE_FILE.toString();
    return run(stdin, withBaseline);
  }

  private static CliRun.Result run(String stdin, String... args) {
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    String[] full = new String[args.length + 1];
    full[0] = "audit";
    System.arraycopy(args, 0, full, 1, args.length);
    return CliRun.run(
        cli -> {
          AuditCommand command = cli.getSubcommands().get("audit").getCommand();
          command.stdin = in;
          command.clock = CLOCK;
        },
        full);
  }
}
