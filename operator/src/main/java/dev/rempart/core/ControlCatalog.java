package dev.rempart.core;

import dev.rempart.core.controls.accesscontrol.AccessControlControl;
import dev.rempart.core.controls.encryption.EncryptionControl;
import dev.rempart.core.controls.environments.EnvironmentsControl;
import dev.rempart.core.controls.network.NetworkControl;
import dev.rempart.core.controls.podsecurity.PodSecurityControl;
import dev.rempart.core.controls.vulnerabilities.VulnerabilitiesControl;
import java.util.List;

/** Every control Rempart has, in the order reports list them. Adding a control is one line. */
public final class ControlCatalog {
  private ControlCatalog() {}

  public static List<Control> all() {
    return List.of(
        new NetworkControl(),
        new PodSecurityControl(),
        new EnvironmentsControl(),
        new EncryptionControl(),
        new AccessControlControl(),
        new VulnerabilitiesControl());
  }
}
