package dev.rempart.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The head read from the text says what a full parse says, or nothing. */
class ManifestHeaderTest {
  private static final Path CORPUS =
      Path.of(System.getProperty("rempart.repository.root", "..")).resolve("../shared/corpus");

  private static ManifestHeader.Header scan(String text) {
    return ManifestHeader.scan(new YamlDocuments.Document(text, 1));
  }

  @Test
  void thePlainBlockStyleIsRead() {
    ManifestHeader.Header head =
        scan(
            """
            ---
            # Source: chart/templates/crd.yaml
            apiVersion: apiextensions.k8s.io/v1  # a comment
            kind: CustomResourceDefinition
            metadata:
              name: "widgets.example.com"
              labels:
                name: not-this-one
              namespace: tools
            spec:
              names: {kind: Widget}
            """);
    assertThat(head)
        .isEqualTo(
            new ManifestHeader.Header(
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                "widgets.example.com",
                "tools",
                3));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", // flow metadata
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *anchor\n", // alias
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !!str a\n", // tag
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 123\n", // a number to YAML
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"a\\tb\"\n", // an escape
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n", // template
        "apiVersion: v1\nkind: ConfigMapList\nmetadata: {}\nitems: []\n", // a List
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: a\n", // no name
        "apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata:\n  name: a\n", // twice
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n", // a tab
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}\n",
        "apiVersion: v1\nkind: ConfigMap\n<<: *base\nmetadata:\n  name: a\n", // a merge key
        "--- !tagged\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
      })
  void anythingElseIsLeftToTheParser(String text) {
    assertThat(scan(text)).isNull();
  }

  /** Every document of the real corpus the scan reads, it reads as the parser does. */
  @Test
  void onTheRealCorpusTheHeadIsWhatTheParserReads() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(CORPUS)) {
      files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).as("../shared/corpus").isNotEmpty();
    int scanned = 0;
    int documents = 0;
    for (Path file : files) {
      try (Reader in = Files.newBufferedReader(file)) {
        YamlDocuments docs = new YamlDocuments(in);
        for (YamlDocuments.Document d = docs.next(); d != null; d = docs.next()) {
          List<Manifest> parsed = new ArrayList<>();
          ManifestReader.readDocument(d, file.toString(), t -> true, parsed::add);
          ManifestHeader.Header head = ManifestHeader.scan(d);
          if (parsed.isEmpty()) {
            continue;
          }
          documents++;
          if (head == null) {
            continue;
          }
          scanned++;
          Manifest m = parsed.get(0);
          assertThat(head)
              .as("%s:%d", file, d.firstLine())
              .isEqualTo(
                  new ManifestHeader.Header(
                      m.object().getApiVersion(),
                      m.object().getKind(),
                      m.object().getMetadata().getName(),
                      m.object().getMetadata().getNamespace(),
                      m.line()));
        }
      }
    }
    // The scan is worth having only if it reads most documents.
    assertThat(scanned).as("scanned of %d", documents).isGreaterThan(documents * 9 / 10);
  }
}
