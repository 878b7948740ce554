package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every value is documented three times, and the three agree: a "# --" comment in values.yaml, a
 * definition in values.schema.json, and a row of the values table in docs/install.md.
 */
class ChartValuesDocumentationTest {
  static ValuesFile values;
  static JsonNode schema;
  static String installGuide;

  @BeforeAll
  static void read() throws Exception {
    values = ValuesFile.parse(Files.readString(Helm.chart().resolve("values.yaml")));
    schema = new ObjectMapper().readTree(Helm.chart().resolve("values.schema.json").toFile());
    installGuide = Files.readString(Helm.repositoryRoot().resolve("docs/install.md"));
  }

  @Test
  void everyValueCarriesAComment() {
    assertThat(values.leaves()).isNotEmpty();
    assertThat(values.leaves())
        .as("values without a '# --' comment on them or on their section")
        .allMatch(values::isDocumented);
  }

  @Test
  void theSchemaDefinesEveryValueAndNothingElse() {
    List<String> inSchema = new ArrayList<>();
    collectSchemaPaths(schema, "", inSchema);
    List<String> sections =
        values.paths().stream().filter(p -> inSchema.contains(p) || isUnder(p, inSchema)).toList();

    assertThat(sections)
        .as("values.yaml keys the schema does not define")
        .isEqualTo(values.paths());
    assertThat(inSchema)
        .as("schema properties that values.yaml does not have")
        .allMatch(values.paths()::contains);
  }

  @Test
  void theSchemaRejectsUnknownKeysInEverySection() {
    List<String> open = new ArrayList<>();
    collectOpenObjects(schema, "(root)", open);
    assertThat(open).as("sections of the schema without additionalProperties: false").isEmpty();
  }

  @Test
  void theInstallGuideHasARowForEveryDocumentedValue() {
    Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z0-9.]+)` \\|").matcher(installGuide);
    List<String> rows = new ArrayList<>();
    while (row.find()) {
      rows.add(row.group(1));
    }
    assertThat(rows)
        .as("the values table of docs/install.md")
        .containsExactlyInAnyOrderElementsOf(values.documentedPaths());
  }

  /** The path of every schema property that has fixed (not free-form) children or is a leaf. */
  private static void collectSchemaPaths(JsonNode node, String prefix, List<String> into) {
    JsonNode properties = node.path("properties");
    properties
        .fieldNames()
        .forEachRemaining(
            name -> {
              String path = prefix.isEmpty() ? name : prefix + "." + name;
              into.add(path);
              collectSchemaPaths(properties.get(name), path, into);
            });
  }

  /** Objects with named properties must refuse the others. */
  private static void collectOpenObjects(JsonNode node, String path, List<String> into) {
    JsonNode properties = node.path("properties");
    if (properties.isObject() && !node.path("additionalProperties").isBoolean()) {
      into.add(path);
    }
    properties
        .fieldNames()
        .forEachRemaining(
            name ->
                collectOpenObjects(
                    properties.get(name), path.equals("(root)") ? name : path + "." + name, into));
  }

  /** True when a key lies inside a free-form map the schema defines (resources.limits.cpu). */
  private static boolean isUnder(String path, List<String> schemaPaths) {
    return schemaPaths.stream().anyMatch(p -> path.startsWith(p + ".") && isFreeForm(p));
  }

  private static boolean isFreeForm(String schemaPath) {
    JsonNode node = schema;
    for (String part : schemaPath.split("\\.")) {
      node = node.path("properties").path(part);
    }
    return !node.has("properties");
  }
}
