package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Pod Security Admission labels of a governed namespace: {@code enforce} at the baseline's
 * level and {@code enforce-version} at {@value PodSecurityStandards#VERSION}, so that the API
 * server itself rejects a pod that breaks the level.
 *
 * <p>Rempart never weakens a namespace: one that already enforces a stricter level keeps it, and
 * one pinned to {@code latest} or a newer version keeps its version. The desired labels are
 * computed that way, so a namespace that is strict enough holds them exactly and is not drift.
 *
 * <p>Severity: no enforce label, or a weaker level, is high (violating pods are admitted); an
 * invalid level, or a version older than v1.35 (later checks are not enforced), is medium; an
 * unpinned or invalid version (the API server then uses {@code latest}) is low.
 */
final class NamespaceLabels {
  static final String CHECK = "namespaceLabels";
  static final String ENFORCE = "pod-security.kubernetes.io/enforce";
  static final String ENFORCE_VERSION = "pod-security.kubernetes.io/enforce-version";

  // The form upstream parses (api.ParseVersion); anything else is invalid.
  private static final Pattern VERSION = Pattern.compile("^v1\\.(0|[1-9][0-9]*)$");
  private static final List<String> LEVELS = List.of("privileged", "baseline", "restricted");

  private NamespaceLabels() {}

  /** The labels Rempart wants on the namespace, given the labels it has. */
  static Map<String, String> desired(PodSecurityLevel required, Map<String, String> labels) {
    String level = labels.get(ENFORCE);
    String version = labels.get(ENFORCE_VERSION);
    Map<String, String> want = new LinkedHashMap<>();
    want.put(ENFORCE, strength(level) > strength(required.label()) ? level : required.label());
    want.put(ENFORCE_VERSION, recentEnough(version) ? version : PodSecurityStandards.VERSION);
    return want;
  }

  /** A Namespace that carries only the labels Rempart manages on it. */
  static Namespace object(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  /** What is wrong with the namespace's labels, or empty when it holds the desired ones. */
  static Optional<Violation> evaluate(PodSecurityLevel required, Map<String, String> labels) {
    String level = labels.get(ENFORCE);
    String version = labels.get(ENFORCE_VERSION);
    List<String> problems = new ArrayList<>();
    Severity severity = null;
    if (level == null) {
      problems.add(
          "has no "
              + ENFORCE
              + " label, so the API server admits pods that break the "
              + required.label()
              + " standard");
      severity = Severity.HIGH;
    } else if (strength(level) < 0) {
      problems.add("has an invalid " + ENFORCE + " label \"" + level + "\"");
      severity = Severity.MEDIUM;
    } else if (strength(level) < strength(required.label())) {
      problems.add(
          "enforces only "
              + level
              + ", so the API server admits pods that break the "
              + required.label()
              + " standard");
      severity = Severity.HIGH;
    }
    if (version == null) {
      problems.add(
          "does not pin " + ENFORCE_VERSION + ", so what is enforced changes with each upgrade");
      severity = worst(severity, Severity.LOW);
    } else if (!VERSION.matcher(version).matches() && !version.equals("latest")) {
      problems.add("has an invalid " + ENFORCE_VERSION + " label \"" + version + "\"");
      severity = worst(severity, Severity.LOW);
    } else if (!recentEnough(version)) {
      problems.add(
          "pins "
              + ENFORCE_VERSION
              + " to "
              + version
              + ", older than "
              + PodSecurityStandards.VERSION
              + ", so checks added since are not enforced");
      severity = worst(severity, Severity.MEDIUM);
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> want = desired(required, labels);
    return Optional.of(
        new Violation(
            "Pod Security Admission labels",
            String.join("; it ", problems),
            severity,
            "label it "
                + ENFORCE
                + "="
                + want.get(ENFORCE)
                + " and "
                + ENFORCE_VERSION
                + "="
                + want.get(ENFORCE_VERSION)
                + " (in Enforce, Rempart sets these labels)"));
  }

  /** 0 privileged, 1 baseline, 2 restricted; -1 when absent or not a level. */
  private static int strength(String level) {
    return level == null ? -1 : LEVELS.indexOf(level);
  }

  /** True for {@code latest} and for versions at least {@value PodSecurityStandards#VERSION}. */
  private static boolean recentEnough(String version) {
    if (version == null) {
      return false;
    }
    if (version.equals("latest")) {
      return true;
    }
    Matcher m = VERSION.matcher(version);
    // Minor versions beyond int range are not versions anyone writes; treat them as invalid.
    return m.matches()
        && m.group(1).length() < 9
        && Integer.parseInt(m.group(1)) >= PodSecurityStandards.MINOR;
  }

  private static Severity worst(Severity current, Severity other) {
    return current == null || other.atLeast(current) ? other : current;
  }
}
