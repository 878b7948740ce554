package dev.rempart.operator;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.BaselineExceptionStatus;
import dev.rempart.api.v1alpha1.ExceptionPhase;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.exceptions.ExceptionAssessment;
import dev.rempart.core.exceptions.ExceptionPolicy;
import dev.rempart.core.status.ExceptionConditions;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Writes each BaselineException's own status (Active, Invalid or Expired) as the core assesses it,
 * with a Warning Event when it turns Invalid or Expired, and wakes at its expiresAt so that the
 * phase turns the moment it expires. What an exception does to findings and writes is decided in
 * the baseline's evaluation, not here.
 */
@ControllerConfiguration(name = "baselineexception", fieldManager = ManagedObjects.FIELD_MANAGER)
public final class ExceptionReconciler implements Reconciler<BaselineException> {
  static final String EVENT_INVALID = "ExceptionInvalid";
  static final String EVENT_EXPIRED = "ExceptionExpired";

  /** A wake-up lands a little after the expiry, never just before it. */
  static final Duration AFTER_EXPIRY = Duration.ofMillis(100);

  private final EventRecorder events;
  private final OperatorSettings settings;
  private final OperatorRecord record;
  private final BooleanSupplier mayWrite;

  /**
   * @param mayWrite asked before the status is written: false once this instance no longer leads
   */
  ExceptionReconciler(
      EventRecorder events,
      OperatorSettings settings,
      OperatorRecord record,
      BooleanSupplier mayWrite) {
    this.record = record;
    this.mayWrite = mayWrite;
    this.events = events;
    this.settings = settings;
  }

  /** The baseline each exception names: its maxDays decides validity, so its changes matter. */
  @Override
  public List<EventSource<?, BaselineException>> prepareEventSources(
      EventSourceContext<BaselineException> context) {
    var configuration =
        InformerEventSourceConfiguration.from(SecurityBaseline.class, BaselineException.class)
            .withName("ExceptionBaselines")
            .withPrimaryToSecondaryMapper(
                (BaselineException e) ->
                    e.getSpec() == null || e.getSpec().getBaseline() == null
                        ? Set.of()
                        : Set.of(new ResourceID(e.getSpec().getBaseline())))
            .withSecondaryToPrimaryMapper(
                baseline ->
                    context
                        .getPrimaryCache()
                        .list(
                            e ->
                                e.getSpec() != null
                                    && Objects.equals(
                                        e.getSpec().getBaseline(),
                                        baseline.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return List.of(new InformerEventSource<>(configuration, context));
  }

  @Override
  public UpdateControl<BaselineException> reconcile(
      BaselineException exception, Context<BaselineException> context) {
    Instant now = settings.clock().instant();
    SecurityBaseline baseline = context.getSecondaryResource(SecurityBaseline.class).orElse(null);
    ExceptionAssessment assessment = ExceptionPolicy.assess(exception, baseline, now);
    BaselineExceptionStatus status = ExceptionConditions.status(exception, assessment, now);
    UpdateControl<BaselineException> control = UpdateControl.noUpdate();
    if (!status.equals(exception.getStatus()) && mayWrite.getAsBoolean()) {
      ExceptionPhase previous =
          exception.getStatus() == null ? null : exception.getStatus().getPhase();
      if (assessment.phase() != previous) {
        announce(exception, assessment);
        // The phase is kept in the status: a restart does not decide again what was decided.
        record.exceptionDecision(exception, previous, assessment);
      }
      exception.setStatus(status);
      control = UpdateControl.patchStatus(exception);
    }
    if (assessment.active() && assessment.expiresAt() != null) {
      Duration untilExpiry = Duration.between(now, assessment.expiresAt()).plus(AFTER_EXPIRY);
      return control.rescheduleAfter(min(untilExpiry, settings.resyncInterval()));
    }
    return control.rescheduleAfter(settings.resyncInterval());
  }

  private void announce(BaselineException exception, ExceptionAssessment assessment) {
    switch (assessment.phase()) {
      case Invalid -> events.warning(exception, EVENT_INVALID, assessment.message());
      case Expired -> events.warning(exception, EVENT_EXPIRED, assessment.message());
      case Active -> events.normal(exception, "ExceptionActive", assessment.message());
    }
  }

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
