package dev.rempart.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlDocumentsTest {
  private static List<YamlDocuments.Document> cut(String yaml) throws IOException {
    YamlDocuments documents = new YamlDocuments(new StringReader(yaml));
    List<YamlDocuments.Document> all = new ArrayList<>();
    for (YamlDocuments.Document d = documents.next(); d != null; d = documents.next()) {
      all.add(d);
    }
    return all;
  }

  @Test
  void documentsAreCutAtTheirMarkersWithTheLineTheyStartAt() throws IOException {
    List<YamlDocuments.Document> docs =
        cut("# header\n---\na: 1\n---\n# Source: x\nb: 2\n--- # c\n---\nc: 3\n");
    assertThat(docs).extracting(YamlDocuments.Document::firstLine).containsExactly(1, 4, 7, 8);
    assertThat(docs.get(0).text()).isEqualTo("# header\n---\na: 1\n");
    assertThat(docs.get(1).text()).isEqualTo("---\n# Source: x\nb: 2\n");
    assertThat(docs.get(2).text()).isEqualTo("--- # c\n");
    assertThat(docs.get(3).text()).isEqualTo("---\nc: 3\n");
  }

  @Test
  void directivesStayWithTheirDocumentAndTheEndMarkerClosesOne() throws IOException {
    List<YamlDocuments.Document> docs = cut("%YAML 1.1\n---\na: 1\n...\nb: 2\n");
    assertThat(docs)
        .extracting(YamlDocuments.Document::text)
        .containsExactly("%YAML 1.1\n---\na: 1\n...\n", "b: 2\n");
    assertThat(docs.get(1).firstLine()).isEqualTo(5);
  }

  @Test
  void markersInsideContentAreNotCut() throws IOException {
    // Indented, or followed by more than a space: content, not markers.
    List<YamlDocuments.Document> docs = cut("a: |\n  ---\n  x\nb: ---x\n----\n");
    assertThat(docs).hasSize(1);
  }

  @Test
  void aByteOrderMarkAndAMissingLastNewlineAreHandled() throws IOException {
    List<YamlDocuments.Document> docs = cut("\uFEFFa: 1\n---\nb: 2");
    assertThat(docs)
        .extracting(YamlDocuments.Document::text)
        .containsExactly("a: 1\n", "---\nb: 2\n");
    assertThat(cut("")).isEmpty();
  }

  @Test
  void aMalformedDocumentCostsOnlyItself() throws IOException {
    List<YamlDocuments.Document> docs =
        cut(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nx: [\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    List<String> names = new ArrayList<>();
    int errors = 0;
    for (YamlDocuments.Document d : docs) {
      try {
        ManifestReader.readDocument(
            d,
            "f.yaml",
            t -> true,
            m -> names.add(m.object().getMetadata().getName() + "@" + m.line()));
      } catch (ManifestException e) {
        errors++;
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.getMessage()).startsWith("f.yaml:6: malformed YAML");
      }
    }
    assertThat(names).containsExactly("a@1", "b@7");
    assertThat(errors).isEqualTo(1);
  }

  @Test
  void aDocumentOverTheLimitIsReadThroughNotKeptAndTheNextOneIsWhole() throws IOException {
    String big = "a: " + "x".repeat(100) + "\n";
    YamlDocuments documents =
        new YamlDocuments(new StringReader("b: 1\n---\n" + big + big + "---\nc: 2\n"), 150, 150);
    assertThat(documents.next()).isEqualTo(new YamlDocuments.Document("b: 1\n", 1));
    assertThat(documents.next().refused()).startsWith("the document is larger than 1.4");
    assertThat(documents.next()).isEqualTo(new YamlDocuments.Document("---\nc: 2\n", 5));
    assertThat(documents.next()).isNull();
  }

  /** A file with no line break (minified, or garbage) is not held whole as one line. */
  @Test
  void oneLineOverTheLimitMakesItsDocumentOversized() throws IOException {
    YamlDocuments documents =
        new YamlDocuments(new StringReader("x".repeat(10_000) + "\r\n---\r\nc: 2\r"), 150, 150);
    assertThat(documents.next())
        .isEqualTo(
            new YamlDocuments.Document(
                "",
                1,
                "the document is larger than 1.430511474609375E-4 MiB, more than the Kubernetes API"
                    + " server accepts in a request: not read"));
    assertThat(documents.next()).isEqualTo(new YamlDocuments.Document("---\nc: 2\n", 2));
    assertThat(documents.next()).isNull();
  }

  /** A value without a space longer than the limit: the parser would take minutes over it. */
  @Test
  void aLongValueWithoutASpaceIsRefusedLongTextIsNot() throws IOException {
    String text = "a: " + "word ".repeat(100) + "\n";
    String blob = "b: " + "x".repeat(200) + "\n";
    YamlDocuments documents =
        new YamlDocuments(new StringReader(text + "---\n" + blob + "---\n" + text), 10_000, 150);
    assertThat(documents.next().refused()).isNull();
    assertThat(documents.next().refused())
        .isEqualTo(
            "line 3 holds a value of 200 characters without a space, more than"
                + " 1.430511474609375E-4 MiB (the most etcd stores in one object): not read, as"
                + " the parser's time grows with the square of its length");
    assertThat(documents.next().refused()).isNull();
  }
}
