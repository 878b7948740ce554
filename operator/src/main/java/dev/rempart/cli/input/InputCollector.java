package dev.rempart.cli.input;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.cli.input.InputSnapshot.ObjectKey;
import dev.rempart.core.LabelSelectors;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Snapshot;
import dev.rempart.io.Manifest;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Receives objects one at a time and keeps only what the evaluation reads: objects of the kinds
 * some control reads (plus Namespaces and SecurityBaselines); every other object is counted and
 * dropped, so memory grows with what is evaluated, not with the size of the input.
 */
public final class InputCollector implements Consumer<Manifest> {
  /** Where a namespaced object without a namespace lands, as with {@code kubectl apply}. */
  public static final String DEFAULT_NAMESPACE = InputOptions.KUBECTL_DEFAULT_NAMESPACE;

  /** The annotation Helm marks its hooks with; {@code test} hooks run only under helm test. */
  static final String HELM_HOOK = "helm.sh/hook";

  private final Set<Class<? extends HasMetadata>> kept;
  private final Map<ObjectKey, HasMetadata> objects = new LinkedHashMap<>();
  private final Map<ObjectKey, Location> locations = new HashMap<>();
  private final ImpliedNamespaces namespaces = new ImpliedNamespaces();
  private final Map<String, Long> evaluated = new TreeMap<>();
  private final Map<String, Long> skipped = new TreeMap<>();
  private final List<InputError> errors = new ArrayList<>();
  private final List<SkippedInput> notManifests = new ArrayList<>();
  private final Map<String, Long> perNamespace = new TreeMap<>();
  private final InputOptions options;
  private long helmTests;
  private long read;
  private long duplicates;
  private int files;

  /** Keeps the objects of {@code kept} types, Namespaces and SecurityBaselines. */
  public InputCollector(Set<Class<? extends HasMetadata>> kept) {
    this(kept, InputOptions.defaults());
  }

  /** As {@link #InputCollector(Set)}, placing and filtering objects as the options say. */
  public InputCollector(Set<Class<? extends HasMetadata>> kept, InputOptions options) {
    this.options = options;
    this.kept = new java.util.HashSet<>(kept);
    this.kept.add(Namespace.class);
    this.kept.add(SecurityBaseline.class);
  }

  /** True for the classes {@link #accept} keeps typed; the rest may be read as metadata only. */
  public boolean keepsTyped(Class<?> type) {
    return kept.contains(type);
  }

  /** A file was opened (for the summary). */
  public void fileOpened() {
    files++;
  }

  /** An input that could not be read or parsed; the rest is still audited. */
  public void error(InputError error) {
    errors.add(error);
  }

  /** The inputs that could not be read or parsed so far. */
  public List<InputError> errors() {
    return List.copyOf(errors);
  }

  /** An input that is not a Kubernetes manifest, skipped. */
  public void skipped(SkippedInput skipped) {
    notManifests.add(skipped);
  }

  @Override
  public void accept(Manifest manifest) {
    read++;
    HasMetadata object = manifest.object();
    if (!options.includeHelmTests() && isHelmTest(object)) {
      helmTests++;
      return;
    }
    Location where = new Location(manifest.source(), manifest.line());
    String namespace = object.getMetadata().getNamespace();
    if (namespace == null && isNamespaced(object)) {
      namespace = options.defaultNamespace();
      object.getMetadata().setNamespace(namespace);
    }
    if (namespace != null) {
      namespaces.referenced(namespace, where);
      perNamespace.merge(namespace, 1L, Long::sum);
    }
    if (object instanceof Namespace) {
      namespaces.declared(object.getMetadata().getName());
    }
    if (!kept.contains(object.getClass())) {
      InputSummary.count(skipped, object.getKind());
      return;
    }
    InputSummary.count(evaluated, object.getKind());
    ObjectKey key = ObjectKey.of(ResourceRef.of(object));
    if (objects.put(key, object) != null) {
      duplicates++;
    }
    locations.put(key, where);
  }

  /** The SecurityBaselines read so far. */
  public List<SecurityBaseline> baselines() {
    return objects.values().stream()
        .filter(SecurityBaseline.class::isInstance)
        .map(SecurityBaseline.class::cast)
        .toList();
  }

  /** A Helm test hook ({@code helm.sh/hook: test} or the older {@code test-success}). */
  static boolean isHelmTest(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String hook = annotations == null ? null : annotations.get(HELM_HOOK);
    if (hook == null) {
      return false;
    }
    for (String h : hook.split(",")) {
      String kind = h.trim();
      if (kind.equals("test") || kind.equals("test-success") || kind.equals("test-failure")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNamespaced(HasMetadata object) {
    return object instanceof Namespaced
        || ManifestReader.registeredType(object)
            .map(Namespaced.class::isAssignableFrom)
            .orElse(false);
  }

  /**
   * The snapshot, with a Namespace synthesised for every namespace the objects are in but the input
   * lacks, labelled to match {@code selector}.
   */
  public InputSnapshot finish(LabelSelector selector) {
    List<Namespace> implied = namespaces.synthesise(selector);
    List<String> widened = options.allNamespaces() ? governAll(selector) : List.of();
    Map<ObjectKey, Location> all = new HashMap<>(locations);
    Map<String, Location> firstSeen = namespaces.missing();
    for (Namespace ns : implied) {
      String name = ns.getMetadata().getName();
      all.put(ObjectKey.namespace(name), firstSeen.get(name));
    }
    Snapshot snapshot = Snapshot.builder().addAll(objects.values()).addAll(implied).build();
    return new InputSnapshot(
        snapshot,
        all,
        implied,
        new InputSummary(
            files,
            read,
            toSorted(evaluated),
            toSorted(skipped),
            duplicates,
            new InputIssues(errors, notManifests)),
        new InputSnapshot.Placement(perNamespace, widened, helmTests));
  }

  /**
   * With {@code --all-namespaces}: gives every Namespace of the input the labels the selector
   * matches, on top of its own, so that its objects are audited whatever its labels said.
   *
   * @return the namespaces that the selector did not match before
   */
  private List<String> governAll(LabelSelector selector) {
    List<String> widened = new ArrayList<>();
    Map<String, String> matching = ImpliedNamespaces.labelsMatching(selector);
    for (HasMetadata object : objects.values()) {
      if (object instanceof Namespace ns) {
        Map<String, String> labels =
            ns.getMetadata().getLabels() == null
                ? new TreeMap<>()
                : new TreeMap<>(ns.getMetadata().getLabels());
        if (!LabelSelectors.matches(selector, labels)) {
          labels.putAll(matching);
          ns.getMetadata().setLabels(labels);
          if (LabelSelectors.matches(selector, labels)) {
            widened.add(ns.getMetadata().getName());
          }
        }
      }
    }
    widened.sort(null);
    return widened;
  }

  private static java.util.SortedMap<String, Long> toSorted(Map<String, Long> counts) {
    return new TreeMap<>(counts);
  }
}
