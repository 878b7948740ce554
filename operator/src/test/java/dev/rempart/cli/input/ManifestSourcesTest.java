package dev.rempart.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSourcesTest {
  @TempDir Path dir;

  private void touch(String relative) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "");
  }

  @Test
  void aFolderIsWalkedInNameOrderForManifestsOnly() throws IOException {
    touch("b/z.yaml");
    touch("a.YML");
    touch("b/a.json");
    touch("b/notes.txt");
    touch(".hidden/x.yaml");
    touch("b/.cache/y.yaml");
    List<String> names =
        ManifestSources.expand(List.of(dir.toString())).stream()
            .map(ManifestSources.Source::name)
            .toList();
    assertThat(names).containsExactly(dir + "/a.YML", dir + "/b/a.json", dir + "/b/z.yaml");
  }

  @Test
  void filesAreTakenAsGivenWhateverTheirExtensionAndInOrder() throws IOException {
    touch("rendered.txt");
    touch("a.yaml");
    List<ManifestSources.Source> sources =
        ManifestSources.expand(
            List.of(dir.resolve("rendered.txt").toString(), "-", dir.resolve("a.yaml").toString()));
    assertThat(sources)
        .extracting(ManifestSources.Source::name)
        .containsExactly(dir + "/rendered.txt", "-", dir + "/a.yaml");
    assertThat(sources.get(1).path()).isNull();
  }

  @Test
  void aMissingPathIsAUserMistake() {
    assertThatThrownBy(() -> ManifestSources.expand(List.of(dir.resolve("nope").toString())))
        .isInstanceOf(UsageException.class)
        .hasMessage(dir.resolve("nope") + ": no such file or directory");
  }
}
