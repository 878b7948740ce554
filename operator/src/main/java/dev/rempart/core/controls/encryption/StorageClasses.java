package dev.rempart.core.controls.encryption;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The StorageClasses of the snapshot, and which of them is the default. */
final class StorageClasses {
  static final String DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
  static final String BETA_DEFAULT_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";

  private final List<StorageClass> all;

  StorageClasses(List<StorageClass> all) {
    this.all = all;
  }

  Optional<StorageClass> named(String name) {
    return all.stream().filter(c -> name.equals(c.getMetadata().getName())).findFirst();
  }

  /**
   * The class a PVC without {@code storageClassName} gets. When several are marked default, the API
   * server picks the newest; so does this (then the name, for a stable answer).
   */
  Optional<StorageClass> defaultClass() {
    return all.stream()
        .filter(StorageClasses::isDefault)
        .max(
            Comparator.comparing(
                    (StorageClass c) ->
                        c.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : c.getMetadata().getCreationTimestamp())
                .thenComparing(c -> c.getMetadata().getName(), Comparator.reverseOrder()));
  }

  static boolean isDefault(StorageClass c) {
    Map<String, String> annotations = c.getMetadata().getAnnotations();
    return annotations != null
        && ("true".equals(annotations.get(DEFAULT_ANNOTATION))
            || "true".equals(annotations.get(BETA_DEFAULT_ANNOTATION)));
  }
}
