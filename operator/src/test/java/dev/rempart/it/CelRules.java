package dev.rempart.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The CEL rules of a committed CRD, so that a validation test can prove it has a case for each: a
 * rule added to the Java types without a test case fails the build.
 */
final class CelRules {
  private CelRules() {}

  /** Fails unless every CEL rule message of {@code crds/<crd>.yaml} appears in some expectation. */
  static void assertEachHasACase(String crd, List<String> expectedMessages) throws IOException {
    JsonNode schema =
        new ObjectMapper(new YAMLFactory())
            .readTree(
                Files.readString(ControlPlane.repositoryRoot().resolve("crds/" + crd + ".yaml")));
    List<String> messages = new ArrayList<>();
    collect(schema, messages);
    assertThat(messages).as("CEL rules in %s", crd).isNotEmpty();
    for (String message : messages) {
      assertThat(expectedMessages)
          .as("a case for CEL rule '%s'", message)
          .anyMatch(e -> e.contains(message));
    }
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject()) {
      JsonNode rules = node.get("x-kubernetes-validations");
      if (rules != null) {
        rules.forEach(r -> out.add(r.path("message").asText()));
      }
      node.forEach(child -> collect(child, out));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, out));
    }
  }
}
