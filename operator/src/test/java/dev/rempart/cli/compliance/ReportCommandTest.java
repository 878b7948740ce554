package dev.rempart.cli.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rempart report} from files (the live-cluster path is covered by an IT). */
class ReportCommandTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTER =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {rempart.dev/governed: "true"}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: pay, labels: {rempart.dev/governed: "true"}}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny, namespace: shop}
      spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
      """;

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static CliRun.Result report(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "report";
    System.arraycopy(args, 0, full, 1, args.length);
    return CliRun.run(
        cli -> {
          ReportCommand command = cli.getSubcommands().get("report").getCommand();
          command.clock = CLOCK;
          command.stdin = InputStream.nullInputStream();
        },
        full);
  }

  @Test
  void markdownListsEveryClauseWithItsStatusAndIsSealed() throws IOException {
    CliRun.Result r = report("-f", write("cluster.yaml", CLUSTER).toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    String md = r.out();
    assertThat(md)
        .startsWith("# Compliance report: SaaS security addendum\n")
        .contains("| Generated | 2026-01-15T10:00:00Z by Rempart ")
        .contains("| Baseline | saas-addendum (mode Enforce) from built-in")
        .contains("| Governed namespaces | 2: pay, shop |")
        .contains("| 4.4 | Firewall and security groups | **non-compliant** | 1 finding")
        .contains("| 3.1 | Encryption of customer data | **not verifiable** |")
        .contains("| 6.2 | Provider's premises | **out of scope** |")
        .contains(
            "- Control network (Enforce mode) examined 2 Namespace, 1 NetworkPolicy in 2"
                + " governed namespaces; 1 finding. Namespaces: pay, shop.")
        .contains("| high | `Namespace pay` | `network/defaultDeny` |");
    assertThat(dev.rempart.compliance.ReportDigest.verify(md).orElseThrow().intact()).isTrue();
  }

  @Test
  void htmlIsOneSelfContainedPrintableFile() throws IOException {
    Path out = dir.resolve("report.html");
    CliRun.Result r =
        report(
            "-f", write("cluster.yaml", CLUSTER).toString(), "-o", "html", "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Wrote " + out + " (");
    String html = Files.readString(out);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains(
            "<style>", "@media print", "<span class=\"status non-compliant\">non-compliant</span>")
        .contains("id=\"clause-4-4\"", "href=\"#clause-4-4\"")
        .endsWith("</html>\n");
    // Nothing is fetched from elsewhere: no script, stylesheet link, image or font URL.
    assertThat(html).doesNotContain("<script", "<link", "<img", "src=", "url(", "@import");
    assertThat(html).doesNotContainPattern("href=\"(?!#)");
  }

  @Test
  void htmlEscapesWhatTheManifestsSay() throws IOException {
    String hostile = CLUSTER.replace("name: pay,", "name: \"pay<script>\",");
    CliRun.Result r = report("-f", write("cluster.yaml", hostile).toString(), "-o", "html");
    assertThat(r.out()).doesNotContain("<script>").contains("pay&lt;script&gt;");
  }

  @Test
  void jsonCarriesStatusesEvidenceAndItsDigestLast() throws IOException {
    CliRun.Result r = report("-f", write("cluster.yaml", CLUSTER).toString(), "-o", "json");
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("schema").asText()).isEqualTo("rempart.dev/report/v1");
    assertThat(json.get("generatedAt").asText()).isEqualTo("2026-01-15T10:00:00Z");
    assertThat(json.at("/source/kind").asText()).isEqualTo("files");
    assertThat(json.get("clauses")).hasSize(dev.rempart.core.ClauseCatalog.all().size());
    JsonNode c44 = null;
    for (JsonNode c : json.get("clauses")) {
      if (c.get("clause").asText().equals("4.4")) {
        c44 = c;
      }
    }
    assertThat(c44.get("status").asText()).isEqualTo("non-compliant");
    assertThat(c44.at("/evidence/0/examined/NetworkPolicy").asInt()).isEqualTo(1);
    assertThat(c44.at("/findings/0/resource/name").asText()).isEqualTo("pay");
    assertThat(json.at("/summary/out-of-scope").asInt()).isEqualTo(6);
    java.util.List<String> fields = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).last().isEqualTo("integrity");
    assertThat(json.get("integrity").asText()).matches("report-sha256:[0-9a-f]{64}");
  }

  @Test
  void verifyTellsAnIntactCopyFromAChangedOne() throws IOException {
    Path out = dir.resolve("report.md");
    report("-f", write("cluster.yaml", CLUSTER).toString(), "--out", out.toString());

    CliRun.Result intact = report("--verify", out.toString());
    assertThat(intact.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(intact.out()).startsWith(out + ": intact (sha256 ");

    Files.writeString(out, Files.readString(out).replace("non-compliant", "compliant"));
    CliRun.Result changed = report("--verify", out.toString());
    assertThat(changed.exitCode()).isEqualTo(1);
    assertThat(changed.out()).contains("CHANGED since it was written");

    CliRun.Result unsealed = report("--verify", write("plain.md", "# hello\n").toString());
    assertThat(unsealed.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unsealed.err()).contains("no report-sha256 digest");
  }

  @Test
  void theBaselineIsChosenByNameAmongTheFiles() throws IOException {
    String baselines =
        """
        apiVersion: rempart.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: strict}
        spec: {namespaceSelector: {}, network: {}}
        ---
        apiVersion: rempart.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: lenient}
        spec: {namespaceSelector: {matchLabels: {none: "true"}}}
        """;
    Path files = write("all.yaml", CLUSTER + "---\n" + baselines);
    CliRun.Result ambiguous = report("-f", files.toString());
    assertThat(ambiguous.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(ambiguous.err())
        .contains("2 SecurityBaselines (strict, lenient)", "--baseline NAME");

    CliRun.Result lenient = report("-f", files.toString(), "--baseline", "lenient");
    assertThat(lenient.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(lenient.out())
        .contains("| Baseline | lenient (mode Audit) from the files |")
        .contains("| 4.4 | Firewall and security groups | **not verifiable** |");

    CliRun.Result unknown = report("-f", files.toString(), "--baseline", "nope");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("--baseline nope: neither a file nor a SecurityBaseline");
  }

  @Test
  void whatAControlCouldNotVerifyIsListedAndNeverPassed() throws IOException {
    Path baseline =
        write(
            "baseline.yaml",
            """
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: data}
            spec:
              namespaceSelector: {matchLabels: {rempart.dev/governed: "true"}}
              encryption: {}
            """);
    CliRun.Result r =
        report("-f", write("cluster.yaml", CLUSTER).toString(), "--baseline", baseline.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("| 3.1 | Encryption of customer data | **not verifiable** |")
        .contains("  - not verifiable: encryption/secretsAtRest: No kube-apiserver pod");
  }

  @Test
  void filesAndAClusterAreExclusive() throws IOException {
    CliRun.Result r =
        report("-f", write("c.yaml", CLUSTER).toString(), "--kubeconfig", "/dev/null");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("choose one");
  }

  @Test
  void anUnreachableClusterIsOneLineAndExitTwo() throws IOException {
    Path kubeconfig =
        write(
            "kubeconfig",
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: nowhere
              cluster: {server: "https://127.0.0.1:1"}
            contexts:
            - name: nowhere
              context: {cluster: nowhere, user: nobody}
            current-context: nowhere
            users:
            - name: nobody
              user: {token: "t"}
            """);
    CliRun.Result r = report("--kubeconfig", kubeconfig.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .startsWith("rempart report: cannot reach the API server at https://127.0.0.1:1");
    assertThat(r.hasStackTrace()).isFalse();
  }

  @Test
  void evidenceFromFilesIsAllOrNothing() throws IOException {
    // Unlike audit, a report does not go on without a file it could not read: it would claim
    // more than it saw.
    write("cluster.yaml", CLUSTER);
    write("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n data: x\n");
    CliRun.Result r = report("-f", dir.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .startsWith("rempart report: " + dir.resolve("broken.yaml") + ":5: malformed YAML: ");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBadOutputFormatIsAUsageError() throws IOException {
    CliRun.Result r = report("-f", write("c.yaml", CLUSTER).toString(), "-o", "pdf");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void clauseEightListsOffboardedNamespacesTheirDueDatesAndWhatTheRecordSaysWasDeleted()
      throws IOException {
    String cluster =
        CLUSTER
            + """
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: old-tenant
              labels: {rempart.dev/governed: "true"}
              annotations: {rempart.dev/offboarded-at: "2025-11-01"}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: leftover, namespace: old-tenant}
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: leaving
              labels: {rempart.dev/governed: "true"}
              annotations: {rempart.dev/offboarded-at: "2026-01-10"}
            """;
    dev.rempart.record.RecordChain chain =
        new dev.rempart.record.RecordChain(dev.rempart.record.ChainHead.GENESIS, CLOCK);
    String deleted =
        chain
            .append(
                dev.rempart.record.RecordEvent.of(
                    dev.rempart.record.EventType.OBJECT_REMOVED,
                    "saas-addendum",
                    "8.2",
                    new dev.rempart.record.ObjectRef("v1", "Secret", "old-tenant", "db"),
                    java.util.Map.of(
                        "control",
                        "dataDeletion",
                        "reason",
                        "namespace old-tenant offboarded on 2025-11-01")),
                Instant.parse("2026-01-02T03:04:05Z"))
            .toLine();
    Path record = write("record.jsonl", "not a record line\n" + deleted + "\n");
    CliRun.Result r =
        report("-f", write("cluster.yaml", cluster).toString(), "--record", record.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("| 8.1, 8.2 | Deletion of customer data | **non-compliant** |")
        .contains(
            "Namespace old-tenant offboarded on 2025-11-01, due for deletion on 2025-12-01"
                + " (30-day recovery period): 1 ConfigMap (leftover) remain")
        .contains(
            "Namespace leaving offboarded on 2026-01-10, due for deletion on 2026-02-09"
                + " (30-day recovery period): within its recovery period.")
        .contains(
            "Deleted at 2026-01-02T03:04:05.000Z by baseline saas-addendum (record entry 1):"
                + " namespace old-tenant offboarded on 2025-11-01.")
        .contains("1 deletion; its chain of 1 entries verifies");

    // A copy changed after it was written is still listed, and the report says it does not verify.
    Path changed = write("changed.jsonl", deleted.replace("\"db\"", "\"other\"") + "\n");
    CliRun.Result tampered =
        report("-f", write("cluster.yaml", cluster).toString(), "--record", changed.toString());
    assertThat(tampered.out()).contains("ITS CHAIN DOES NOT VERIFY");

    CliRun.Result missing =
        report("-f", write("cluster.yaml", cluster).toString(), "--record", "/nonexistent");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("/nonexistent: cannot read the record copy (--record)");
  }
}
