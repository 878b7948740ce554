package dev.rempart.core.controls.podsecurity;

/**
 * One row of a table-driven check test.
 *
 * @param name what the row shows
 * @param spec the pod spec, as YAML
 * @param expected the expected reason (detail), or null when the pod passes
 */
record CheckCase(String name, String spec, String expected) {
  static CheckCase passes(String name, String spec) {
    return new CheckCase(name, spec, null);
  }

  static CheckCase fails(String name, String spec, String expected) {
    return new CheckCase(name, spec, expected);
  }

  @Override
  public String toString() {
    return name;
  }
}
