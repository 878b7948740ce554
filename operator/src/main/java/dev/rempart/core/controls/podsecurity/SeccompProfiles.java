package dev.rempart.core.controls.podsecurity;

import io.fabric8.kubernetes.api.model.SeccompProfile;

/** What counts as a confining seccomp profile for both seccomp checks. */
final class SeccompProfiles {
  private SeccompProfiles() {}

  static boolean valid(SeccompProfile profile) {
    String type = profile.getType();
    return "RuntimeDefault".equals(type) || "Localhost".equals(type);
  }

  /** The profile's type as upstream prints it: an unset type is the empty string. */
  static String type(SeccompProfile profile) {
    return profile.getType() == null ? "" : profile.getType();
  }
}
