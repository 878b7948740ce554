package dev.rempart.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The security addendum as cluster state: which namespaces are governed, which controls apply to
 * them and whether Rempart enforces them or only reports. Cluster-scoped, because one baseline
 * governs many namespaces.
 */
@Group(SecurityBaseline.GROUP)
@Version(SecurityBaseline.VERSION)
@Kind("SecurityBaseline")
@Plural("securitybaselines")
@Singular("securitybaseline")
@ShortNames("sbl")
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Compliant",
    jsonPath = ".status.conditions[?(@.type==\"Compliant\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Findings",
    jsonPath = ".status.summary.findings.total",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SecurityBaseline extends CustomResource<SecurityBaselineSpec, SecurityBaselineStatus> {
  public static final String GROUP = "rempart.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  protected SecurityBaselineSpec initSpec() {
    return new SecurityBaselineSpec();
  }
}
