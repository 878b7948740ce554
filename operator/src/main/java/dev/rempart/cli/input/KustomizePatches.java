package dev.rempart.cli.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The patch files that kustomization files name. A patch looks like a manifest (apiVersion, kind,
 * metadata) but holds only the fields it changes: read as an object, it would replace the whole
 * object it patches (the last of two objects with one name wins) and hide its findings.
 */
final class KustomizePatches {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private KustomizePatches() {}

  /** The patch files the kustomization files name, absolute and normalised. */
  static Set<Path> of(Stream<Path> kustomizations) {
    Set<Path> patches = new HashSet<>();
    kustomizations.forEach(k -> patches.addAll(named(k)));
    return patches;
  }

  private static Set<Path> named(Path kustomization) {
    Set<Path> named = new HashSet<>();
    JsonNode root;
    try {
      root = YAML.readTree(kustomization.toFile());
    } catch (IOException | RuntimeException e) {
      return named; // a broken kustomization names nothing we can trust; its file is skipped anyway
    }
    if (root == null || !root.isObject()) {
      return named;
    }
    Path dir = kustomization.toAbsolutePath().getParent();
    // patchesStrategicMerge: [file]; patches and patchesJson6902: [{path: file, ...}]
    root.path("patchesStrategicMerge").forEach(p -> addFile(named, dir, p));
    root.path("patches").forEach(p -> addFile(named, dir, p.isObject() ? p.path("path") : p));
    root.path("patchesJson6902").forEach(p -> addFile(named, dir, p.path("path")));
    return named;
  }

  private static void addFile(Set<Path> named, Path dir, JsonNode path) {
    String text = path.asText("");
    // An inline patch holds YAML, not a file name.
    if (!text.isEmpty() && !text.contains("\n")) {
      named.add(dir.resolve(text).normalize());
    }
  }
}
