package dev.rempart.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.it.ControlPlane;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's first command, `bin/rempart demo`, run in-process: it does what the README says. */
class DemoIT {
  @Test
  void theDemoShowsTheStatusAndARepairedPolicy() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream baseline =
        Files.newInputStream(
            ControlPlane.repositoryRoot().resolve("examples/saas-addendum.yaml"))) {
      new Demo(new PrintStream(out, true, StandardCharsets.UTF_8))
          .run(LocalControlPlane.DEFAULT_VERSION, baseline, "examples/saas-addendum.yaml");
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("[6/6]")
        .contains("saas-addendum    Enforce  True")
        .contains("NetworkPolicies in shop-prod: rempart-allow-dns, rempart-default-deny")
        .contains("NetworkPolicies in sandbox:   (none)")
        .contains("Policy reports (kubectl get reports -A):")
        .containsPattern("shop-prod +rempart-saas-addendum +\\d+ +\\d+ +0")
        .containsPattern("shop-dev +rempart-saas-addendum")
        .doesNotContainPattern("sandbox +rempart-saas-addendum")
        .containsPattern("restored by Rempart after \\d+ ms")
        .contains("DriftDetected  NetworkPolicy shop-prod/rempart-default-deny was deleted")
        .contains("Remediated     Restored NetworkPolicy shop-prod/rempart-default-deny")
        .endsWith("Done. The local control plane is stopped." + System.lineSeparator());
  }

  /** The demo (and the benchmark) install every CRD the build generates. */
  @Test
  void theLocalControlPlaneInstallsEveryGeneratedCrd() throws Exception {
    try (Stream<Path> generated = Files.list(Path.of("target/classes/META-INF/fabric8"))) {
      assertThat(
              generated
                  .map(p -> p.getFileName().toString().replace("-v1.yml", ""))
                  .filter(n -> !n.endsWith(".yml"))
                  .toList())
          .containsExactlyInAnyOrderElementsOf(LocalControlPlane.CRDS);
    }
  }
}
