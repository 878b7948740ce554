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
 * An approved, time-bound exception to a SecurityBaseline: the findings it covers are reported as
 * excepted (never hidden, never compliant) and, in Enforce, Rempart does not create, restore or
 * remove the objects it covers. Cluster-scoped, like the baseline it names.
 */
@Group(SecurityBaseline.GROUP)
@Version(SecurityBaseline.VERSION)
@Kind("BaselineException")
@Plural("baselineexceptions")
@Singular("baselineexception")
@ShortNames("bex")
@AdditionalPrinterColumn(
    name = "Baseline",
    jsonPath = ".spec.baseline",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Expires",
    jsonPath = ".spec.expiresAt",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ticket",
    jsonPath = ".spec.ticket",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class BaselineException
    extends CustomResource<BaselineExceptionSpec, BaselineExceptionStatus> {
  public static final String KIND = "BaselineException";

  @Override
  protected BaselineExceptionSpec initSpec() {
    return new BaselineExceptionSpec();
  }
}
