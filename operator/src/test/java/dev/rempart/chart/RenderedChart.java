package dev.rempart.chart;

import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.NoSuchElementException;

/** The objects {@code helm template} rendered, typed by the fabric8 model. */
public record RenderedChart(List<HasMetadata> objects) {

  /** Parses the output of {@code helm template}. */
  public static RenderedChart parse(String manifests) {
    return new RenderedChart(List.copyOf(ManifestReader.parse(manifests)));
  }

  /** Every rendered object of the given type. */
  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The rendered object of the given type and name; fails when there is none. */
  public <T extends HasMetadata> T one(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "no " + type.getSimpleName() + " named " + name + " in " + names()));
  }

  /** The only rendered object of the given type; fails when there are none or several. */
  public <T extends HasMetadata> T only(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new NoSuchElementException(
          "expected one " + type.getSimpleName() + ", found " + found.size() + " in " + names());
    }
    return found.get(0);
  }

  /** "Kind/name" of every object, for assertions and messages. */
  public List<String> names() {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }
}
