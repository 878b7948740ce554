package dev.rempart.core;

import dev.rempart.core.admission.AdmissionControl;
import dev.rempart.core.admission.RempartIdentity;
import dev.rempart.core.controls.accesscontrol.AccessControlControl;
import dev.rempart.core.controls.auditlogging.AuditLoggingControl;
import dev.rempart.core.controls.datadeletion.DataDeletionControl;
import dev.rempart.core.controls.encryption.EncryptionControl;
import dev.rempart.core.controls.environments.EnvironmentsControl;
import dev.rempart.core.controls.network.NetworkControl;
import dev.rempart.core.controls.podsecurity.PodSecurityControl;
import dev.rempart.core.controls.vulnerabilities.VulnerabilitiesControl;
import java.util.List;

/** Every control Rempart has, in the order reports list them. Adding a control is one line. */
public final class ControlCatalog {
  private ControlCatalog() {}

  /** Every control, as the command line runs them: Rempart's own identity unknown. */
  public static List<Control> all() {
    return all(RempartIdentity.UNKNOWN);
  }

  /**
   * Every control, the admission policy generated for Rempart running as {@code identity} (its
   * writes are never refused).
   */
  public static List<Control> all(RempartIdentity identity) {
    return List.of(
        new NetworkControl(),
        new PodSecurityControl(),
        new EnvironmentsControl(),
        new EncryptionControl(),
        new AccessControlControl(),
        new AuditLoggingControl(),
        new VulnerabilitiesControl(),
        new DataDeletionControl(),
        new AdmissionControl(identity));
  }
}
