package dev.rempart.core.controls.datadeletion;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What remains, for a person: counts per kind and the first names, so a message stays short. */
final class DataListing {
  private DataListing() {}

  /** {@code 2 PersistentVolumeClaims (data, logs), 1 Secret (db)}. */
  static String describe(List<HasMetadata> objects) {
    Map<String, List<String>> byKind = new LinkedHashMap<>();
    for (HasMetadata o : objects) {
      byKind.computeIfAbsent(o.getKind(), k -> new ArrayList<>()).add(o.getMetadata().getName());
    }
    List<String> parts = new ArrayList<>();
    byKind.forEach(
        (kind, names) -> {
          List<String> shown = names.subList(0, Math.min(DataDeletionControl.LISTED, names.size()));
          parts.add(
              names.size()
                  + " "
                  + kind
                  + (names.size() == 1 ? "" : "s")
                  + " ("
                  + String.join(", ", shown)
                  + (names.size() > shown.size()
                      ? " and " + (names.size() - shown.size()) + " more"
                      : "")
                  + ")");
        });
    return String.join(", ", parts);
  }

  /** The evidence's line: what remains and what survives. */
  static String summary(NamespaceData data) {
    List<String> parts = new ArrayList<>();
    if (!data.data().isEmpty()) {
      parts.add(describe(data.data()) + " remain");
    }
    if (!data.retained().isEmpty()) {
      parts.add(describe(data.retained()) + " retain its data");
    }
    return String.join("; ", parts);
  }
}
