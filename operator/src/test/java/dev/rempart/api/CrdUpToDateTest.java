package dev.rempart.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs under crds/ are generated from the Java types. This fails the build when the committed
 * copy differs from what the build generated: run hack/update-crds.sh and commit.
 */
class CrdUpToDateTest {
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  static final Path COMMITTED =
      Path.of(System.getProperty("rempart.repository.root", "..")).resolve("crds");

  static List<String> crds() {
    return List.of("securitybaselines.rempart.dev");
  }

  @ParameterizedTest
  @MethodSource("crds")
  void committedCrdMatchesGenerated(String name) throws Exception {
    Path generated = GENERATED.resolve(name + "-v1.yml");
    Path committed = COMMITTED.resolve(name + ".yaml");
    assertThat(generated).as("generated CRD").exists();
    assertThat(committed).as("committed CRD (run hack/update-crds.sh)").exists();
    assertThat(Files.readString(committed))
        .as("%s differs from the generated CRD: run hack/update-crds.sh and commit", committed)
        .isEqualTo(Files.readString(generated));
  }
}
