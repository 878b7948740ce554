package dev.rempart.core.controls.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The enforce labels Rempart wants on a namespace, and what it reports when they are missing. */
class NamespaceLabelsTest {
  private static final String ENFORCE = NamespaceLabels.ENFORCE;
  private static final String VERSION = NamespaceLabels.ENFORCE_VERSION;

  /** required level, enforce label, version label, wanted enforce, wanted version, severity. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("restricted", null, null, "restricted", "v1.35", Severity.HIGH),
        Arguments.of("restricted", "baseline", "v1.35", "restricted", "v1.35", Severity.HIGH),
        Arguments.of("restricted", "privileged", "latest", "restricted", "latest", Severity.HIGH),
        Arguments.of("restricted", "strict", "v1.35", "restricted", "v1.35", Severity.MEDIUM),
        Arguments.of("restricted", "restricted", "v1.34", "restricted", "v1.35", Severity.MEDIUM),
        Arguments.of("restricted", "restricted", null, "restricted", "v1.35", Severity.LOW),
        Arguments.of("restricted", "restricted", "1.35", "restricted", "v1.35", Severity.LOW),
        Arguments.of("restricted", "restricted", "v1.035", "restricted", "v1.35", Severity.LOW),
        Arguments.of("restricted", "restricted", "v1.35", "restricted", "v1.35", null),
        Arguments.of("restricted", "restricted", "v1.40", "restricted", "v1.40", null),
        Arguments.of("restricted", "restricted", "latest", "restricted", "latest", null),
        Arguments.of("baseline", "restricted", "v1.35", "restricted", "v1.35", null),
        Arguments.of("baseline", "baseline", "v1.35", "baseline", "v1.35", null),
        Arguments.of("baseline", null, "v1.35", "baseline", "v1.35", Severity.HIGH),
        Arguments.of("baseline", "restricted", "v1.20", "restricted", "v1.35", Severity.MEDIUM));
  }

  @ParameterizedTest(name = "{0} required, enforce={1} version={2}")
  @MethodSource("cases")
  void desiredLabelsAndFinding(
      String required,
      String level,
      String version,
      String wantLevel,
      String wantVersion,
      Severity severity) {
    PodSecurityLevel req = PodSecurityLevel.valueOf(required.toUpperCase(Locale.ROOT));
    Map<String, String> labels = new HashMap<>();
    labels.put("team", "shop");
    if (level != null) {
      labels.put(ENFORCE, level);
    }
    if (version != null) {
      labels.put(VERSION, version);
    }
    assertThat(NamespaceLabels.desired(req, labels))
        .isEqualTo(Map.of(ENFORCE, wantLevel, VERSION, wantVersion));
    var violation = NamespaceLabels.evaluate(req, labels);
    assertThat(violation.map(Violation::severity).orElse(null)).isEqualTo(severity);
    // A namespace is reported exactly when it does not already hold the desired labels, so that
    // a finding and its fixing object always agree.
    boolean holds =
        NamespaceLabels.desired(req, labels).entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    assertThat(violation.isEmpty()).isEqualTo(holds);
  }
}
