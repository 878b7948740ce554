package dev.rempart.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportDigestTest {
  private static final String CONTENT =
      "# Report\nclause 4.4: compliant\nIntegrity: " + ReportDigest.PLACEHOLDER + "\n";

  @Test
  void aSealedReportVerifies() {
    String sealed = ReportDigest.seal(CONTENT);
    assertThat(sealed).doesNotContain(ReportDigest.PLACEHOLDER);
    ReportDigest.Verification v = ReportDigest.verify(sealed).orElseThrow();
    assertThat(v.intact()).isTrue();
    assertThat(v.recorded()).isEqualTo(ReportDigest.sha256(CONTENT));
  }

  @Test
  void anyChangeIsDetected() {
    String sealed = ReportDigest.seal(CONTENT);
    String edited = sealed.replace("compliant", "non-compliant");
    assertThat(ReportDigest.verify(edited).orElseThrow().intact()).isFalse();
  }

  @Test
  void aReportWithoutDigestHasNothingToVerify() {
    assertThat(ReportDigest.verify("# a report without seal\n")).isEmpty();
  }

  @Test
  void thePlaceholderMustAppearExactlyOnce() {
    assertThatThrownBy(() -> ReportDigest.seal("no placeholder"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReportDigest.seal(CONTENT + CONTENT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The recipe docs/cli.md gives auditors, with standard tools, agrees with Rempart. */
  @Test
  void theDocumentedShellRecipeVerifiesACopy(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.md");
    String sealed = ReportDigest.seal(CONTENT);
    Files.writeString(report, sealed, StandardCharsets.UTF_8);
    String recipe =
        "d=$(grep -oE 'report-sha256:[0-9a-f]{64}' report.md | cut -d: -f2)\n"
            + "sed \"s/report-sha256:$d/report-sha256:$(printf '%064d' 0)/\" report.md"
            + " | sha256sum | cut -d' ' -f1\n";
    Process p =
        new ProcessBuilder("bash", "-c", recipe)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo(ReportDigest.verify(sealed).orElseThrow().recorded());
  }
}
