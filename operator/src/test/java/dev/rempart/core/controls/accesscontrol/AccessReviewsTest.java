package dev.rempart.core.controls.accesscontrol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.AccessControlSpec;
import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Finding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessReviewsTest {
  private static final Instant NOW = Instant.parse("2026-04-01T08:00:00Z");

  private static Binding binding(Map<String, String> annotations) {
    return Binding.of(
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName("b")
            .withNamespace("ns")
            .withAnnotations(new HashMap<>(annotations))
            .endMetadata()
            .withNewRoleRef()
            .withKind("ClusterRole")
            .withName("view")
            .endRoleRef()
            .addNewSubject()
            .withKind("User")
            .withName("alice")
            .endSubject()
            .build());
  }

  private static AccessControlSpec spec(int days, boolean remove) {
    AccessControlSpec spec = new AccessControlSpec();
    spec.setReviewIntervalDays(days);
    spec.setRemoveExpiredBindings(remove);
    return spec;
  }

  private static ControlResult run(Map<String, String> annotations, Mode mode, boolean remove) {
    ControlResult.Builder out = ControlResult.builder();
    AccessReviews.check(binding(annotations), spec(90, remove), mode, NOW, out);
    return out.build();
  }

  @Test
  void aReviewIsGoodUntilTheEndOfItsInterval() {
    // Reviewed 2026-01-01T08:00Z: due exactly now, not yet stale.
    assertThat(
            run(Map.of(AccessReviews.REVIEWED_AT, "2026-01-01T08:00:00Z"), Mode.Audit, false)
                .findings())
        .isEmpty();
    ControlResult late =
        run(Map.of(AccessReviews.REVIEWED_AT, "2026-01-01T07:59:59Z"), Mode.Audit, false);
    assertThat(late.findings())
        .extracting(Finding::check)
        .containsExactly(AccessReviews.CHECK_REVIEW);
    assertThat(late.findings().get(0).message()).contains("the review was due on 2026-04-01");
  }

  @Test
  void accessEndsAtTheInstantOfItsExpiry() {
    assertThat(
            run(
                    Map.of(
                        AccessReviews.EXPIRES_AT,
                        "2026-04-01T08:00:01Z",
                        AccessReviews.REVIEWED_AT,
                        "2026-03-01"),
                    Mode.Enforce,
                    true)
                .findings())
        .isEmpty();
    ControlResult expired =
        run(Map.of(AccessReviews.EXPIRES_AT, "2026-04-01T08:00:00Z"), Mode.Enforce, true);
    assertThat(expired.findings())
        .extracting(Finding::check)
        .containsExactly(AccessReviews.CHECK_EXPIRED);
  }

  @Test
  void aDateOnlyExpiryEndsAccessWhenThatDayBegins() {
    ControlResult today = run(Map.of(AccessReviews.EXPIRES_AT, "2026-04-01"), Mode.Audit, false);
    assertThat(today.findings())
        .extracting(Finding::check)
        .containsExactly(AccessReviews.CHECK_EXPIRED);
    assertThat(today.findings().get(0).message()).contains("expired on 2026-04-01T00:00:00Z");
  }

  @Test
  void anExpiredBindingIsRemovedOnlyInEnforceWhenAskedTo() {
    Map<String, String> expired = Map.of(AccessReviews.EXPIRES_AT, "2026-03-01");
    assertThat(run(expired, Mode.Audit, true).removals()).isEmpty();
    assertThat(run(expired, Mode.Enforce, false).removals()).isEmpty();
    ControlResult removed = run(expired, Mode.Enforce, true);
    assertThat(removed.removals()).hasSize(1);
    assertThat(removed.removals().get(0).clause()).isEqualTo("9.2");
    assertThat(removed.removals().get(0).object().getMetadata().getName()).isEqualTo("b");
    assertThat(removed.findings().get(0).fixedBy()).isEqualTo(removed.removals().get(0).ref());
    assertThat(run(expired, Mode.Audit, true).findings().get(0).fixedBy()).isNull();
  }

  @Test
  void aMalformedExpiryIsReportedAndNeverRemoved() {
    ControlResult result =
        run(
            Map.of(AccessReviews.EXPIRES_AT, "soon", AccessReviews.REVIEWED_AT, "2026-03-01"),
            Mode.Enforce,
            true);
    assertThat(result.findings())
        .extracting(Finding::check)
        .containsExactly(AccessReviews.CHECK_EXPIRY_MALFORMED);
    assertThat(result.removals()).isEmpty();
  }

  @Test
  void aBindingOfTheSystemNeedsNoReview() {
    ControlResult.Builder out = ControlResult.builder();
    Binding system =
        Binding.of(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("system:controller:x")
                .withNamespace("ns")
                .endMetadata()
                .withNewRoleRef()
                .withKind("ClusterRole")
                .withName("system:controller:x")
                .endRoleRef()
                .build());
    AccessReviews.check(system, spec(90, false), Mode.Audit, NOW, out);
    assertThat(out.build().findings()).isEmpty();
  }
}
