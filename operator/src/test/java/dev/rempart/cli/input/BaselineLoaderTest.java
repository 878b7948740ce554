package dev.rempart.cli.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.PolicyDirection;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineLoaderTest {
  private static final Path EXAMPLE =
      Path.of(System.getProperty("rempart.repository.root", ".."), "examples/saas-addendum.yaml");

  @Test
  void theBuiltInBaselineIsTheExampleFileItself() throws IOException {
    BaselineLoader.LoadedBaseline builtin = BaselineLoader.builtin();
    assertThat(builtin.source()).isEqualTo(BaselineLoader.BUILTIN_SOURCE);
    try (var in = BaselineLoaderTest.class.getResourceAsStream(BaselineLoader.BUILTIN_RESOURCE)) {
      assertThat(new String(in.readAllBytes())).isEqualTo(Files.readString(EXAMPLE));
    }
  }

  @Test
  void theExampleBaselineSaysWhatClause44Asks() {
    SecurityBaseline b = BaselineLoader.fromFile(EXAMPLE).baseline();
    assertThat(b.getMetadata().getName()).isEqualTo("saas-addendum");
    assertThat(b.getSpec().getMode()).isEqualTo(Mode.Enforce);
    assertThat(b.getSpec().getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("rempart.dev/governed", "true"));
    assertThat(b.getSpec().getNetwork().effectiveDefaultDeny())
        .containsExactly(PolicyDirection.Ingress, PolicyDirection.Egress);
    assertThat(b.getSpec().getNetwork().getAllowDNS()).isTrue();
  }
}
