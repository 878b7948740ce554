package dev.rempart.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs under crds/ and the Helm chart's copies under helm/rempart/files/crds/ are generated
 * from the Java types. This fails the build when a committed copy differs from what the build
 * generated: run hack/update-crds.sh and commit.
 */
class CrdUpToDateTest {
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  static final Path ROOT = Path.of(System.getProperty("rempart.repository.root", ".."));
  static final Path COMMITTED = ROOT.resolve("crds");

  /** The chart renders every file here (templates/crds.yaml), so upgrades upgrade the CRDs. */
  static final Path CHART = ROOT.resolve("helm/rempart/files/crds");

  static List<String> crds() {
    return List.of(
        "baselineexceptions.rempart.dev",
        "securitybaselines.rempart.dev",
        "vulnerabilityfirstseens.rempart.dev");
  }

  @ParameterizedTest
  @MethodSource("crds")
  void committedCrdMatchesGenerated(String name) throws Exception {
    assertCopyMatchesGenerated(COMMITTED, name);
  }

  @ParameterizedTest
  @MethodSource("crds")
  void chartCrdMatchesGenerated(String name) throws Exception {
    assertCopyMatchesGenerated(CHART, name);
  }

  /** A CRD dropped from the API must not live on in the chart, which installs every file. */
  @Test
  void chartHoldsExactlyTheGeneratedCrds() throws Exception {
    assertThat(yamlNames(CHART))
        .as("%s must hold exactly the generated CRDs: run hack/update-crds.sh", CHART)
        .containsExactlyInAnyOrderElementsOf(crds());
  }

  private static void assertCopyMatchesGenerated(Path folder, String name) throws IOException {
    Path generated = GENERATED.resolve(name + "-v1.yml");
    Path copy = folder.resolve(name + ".yaml");
    assertThat(generated).as("generated CRD").exists();
    assertThat(copy).as("committed CRD (run hack/update-crds.sh)").exists();
    assertThat(Files.readString(copy))
        .as("%s differs from the generated CRD: run hack/update-crds.sh and commit", copy)
        .isEqualTo(Files.readString(generated));
  }

  private static List<String> yamlNames(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .toList();
    }
  }
}
