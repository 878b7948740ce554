package dev.rempart.core.controls.podsecurity;

import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * The Windows exemption of the restricted checks that upstream applies from v1.25: a pod that
 * declares {@code spec.os.name: windows} cannot set the Linux-only fields those checks require, and
 * the API server rejects it if it tries, so they pass it. Baseline checks have no such exemption.
 */
final class Windows {
  private Windows() {}

  static boolean isWindows(PodSpec spec) {
    return spec.getOs() != null && "windows".equals(spec.getOs().getName());
  }
}
