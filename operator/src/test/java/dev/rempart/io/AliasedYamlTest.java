package dev.rempart.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Aliases are expanded as kubectl expands them, boundedly, and nothing else changes. */
class AliasedYamlTest {
  private static final Path CORPUS =
      Path.of(System.getProperty("rempart.repository.root", "..")).resolve("../shared/corpus");
  private static final ObjectMapper JACKSON = new ObjectMapper(new YAMLFactory());

  /**
   * The aliases' path reads every document of real charts exactly as Jackson's parser does (same
   * tree, same line), so a document taking it because a {@code *} appears in a string loses
   * nothing.
   */
  @Test
  void realManifestsReadTheSameOnBothPaths() throws IOException {
    assertThat(CORPUS).as("../shared/corpus").isDirectory();
    int documents = 0;
    for (Path file : corpusFiles()) {
      try (Reader in = Files.newBufferedReader(file)) {
        YamlDocuments cut = new YamlDocuments(in);
        for (YamlDocuments.Document d = cut.next(); d != null; d = cut.next()) {
          try (JsonParser parser = JACKSON.getFactory().createParser(d.text())) {
            if (parser.nextToken() == null) {
              continue;
            }
            int line = parser.currentTokenLocation().getLineNr();
            JsonNode expected = JACKSON.readTree(parser);
            AliasedYaml.Tree tree = AliasedYaml.read(d.text());
            String where = file.getFileName() + ":" + (d.firstLine() + line - 1);
            assertThat(tree.root()).as(where).isEqualTo(expected);
            assertThat(tree.line()).as(where).isEqualTo(line);
            documents++;
          }
        }
      }
    }
    System.out.println("aliases' path and Jackson agree on " + documents + " real documents");
    assertThat(documents).isGreaterThan(300);
  }

  private static List<Path> corpusFiles() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void aliasesStandForTheirAnchoredValueAndMergeKeysAddTheBase() {
    List<HasMetadata> objects =
        ManifestReader.parse(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: shop}
            spec:
              containers:
              - &first
                name: a
                image: &image "nginx:1.27"
                securityContext: &privileged {privileged: true}
              - <<: *first
                name: b
                image: *image
            """);
    Pod pod = (Pod) objects.get(0);
    assertThat(pod.getSpec().getContainers())
        .extracting(c -> c.getName() + " " + c.getImage() + " " + c.getSecurityContext())
        .allMatch(s -> s.contains("nginx:1.27") && s.contains("privileged=true"))
        .extracting(s -> s.split(" ")[0])
        .containsExactly("a", "b");
  }

  @Test
  void scalarsResolveAsYamlOneOneSays() {
    JsonNode values =
        AliasedYaml.read("x: &x s\na: *x\nn: ~\nb: yes\ni: 0755\nh: 0x1f\nf: 1.5\nt: 2024-01-01\n")
            .root();
    assertThat(values.toString())
        .isEqualTo(
            "{\"x\":\"s\",\"a\":\"s\",\"n\":null,\"b\":true,\"i\":493,\"h\":31,\"f\":1.5,"
                + "\"t\":\"2024-01-01\"}");
  }

  @Test
  void anUndefinedAliasIsMalformed() {
    assertThatThrownBy(() -> AliasedYaml.read("a: *nowhere\n"))
        .isInstanceOf(MarkedYAMLException.class)
        .hasMessageContaining("nowhere");
  }

  @Test
  void aBillionLaughsIsRefusedFastAndNamesItself() {
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    char previous = 'a';
    for (char level = 'b'; level <= 'i'; level++) {
      List<String> aliases = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        aliases.add("*" + previous);
      }
      bomb.append(level).append(": &").append(level).append(" ").append(aliases).append('\n');
      previous = level;
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> AliasedYaml.read(bomb.toString()))
        .isInstanceOf(AliasedYaml.Refused.class)
        .hasMessageContaining("YAML bomb");
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("billion laughs refused in " + millis + " ms");
    assertThat(millis).as("refused before expanding").isLessThan(5_000);
  }

  @Test
  void anAliasOfItselfIsRefusedNotAStackOverflow() {
    assertThatThrownBy(() -> AliasedYaml.read("a: &a\n  b: *a\n"))
        .isInstanceOf(AliasedYaml.Refused.class)
        .hasMessageContaining("nested deeper than 1000");
  }

  @Test
  void aKeyTwiceIsRefused() {
    assertThatThrownBy(() -> AliasedYaml.read("x: &x 1\na: *x\na: 2\n"))
        .isInstanceOf(AliasedYaml.Refused.class)
        .hasMessageContaining("duplicate key \"a\"");
  }
}
