package dev.rempart.operator.policyreports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.policyreports.ReportContent;
import dev.rempart.operator.policyreports.ReportPublisher.Scope;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReportBuildsTest {
  /** Each publication: the baseline, the thread, the scope and which build made its reports. */
  private final List<String> published = Collections.synchronizedList(new ArrayList<>());

  private final ReportBuilds builds =
      new ReportBuilds(
          (baseline, reports, scope) ->
              published.add(
                  baseline.getMetadata().getName()
                      + " on "
                      + Thread.currentThread().getName()
                      + " "
                      + (scope.complete() ? "all" : scope.namespaces().stream().sorted().toList())
                      + (scope.cluster() ? "+cluster" : "")
                      + " by build "
                      + reports.size()));

  @AfterEach
  void close() {
    builds.close();
  }

  @Test
  void aBuildRunsOffTheCallersThreadAndThenItIsNotBusy() {
    builds.submit(baseline("b"), built(1), scope("team-a"));

    await().atMost(Duration.ofSeconds(5)).until(() -> !published.isEmpty());
    assertThat(published).containsExactly("b on rempart-report-builder [team-a] by build 1");
    await().atMost(Duration.ofSeconds(5)).until(() -> !builds.busy("b"));
  }

  @Test
  void buildsWaitingForTheSameBaselineAreOneBuildOfBothScopesFromTheNewestResult()
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    builds.submit(baseline("hold"), holding(started, release), scope("x"));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    builds.submit(baseline("b"), built(2), scope("team-a"));
    builds.submit(baseline("b"), built(3), new Scope(Set.of("team-b"), true, false));
    assertThat(builds.busy("b")).isTrue();
    release.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
    assertThat(published.get(1))
        .isEqualTo("b on rempart-report-builder [team-a, team-b]+cluster by build 3");
  }

  @Test
  void aCompleteScopeCoversAnyOther() {
    assertThat(scope("a").and(Scope.ALL)).isEqualTo(Scope.ALL);
    assertThat(Scope.ALL.and(scope("a"))).isEqualTo(Scope.ALL);
    assertThat(scope("a").and(scope("b"))).isEqualTo(new Scope(Set.of("a", "b"), false, false));
  }

  @Test
  void aForgottenBaselinesWaitingBuildIsDroppedAndItsRunningOneWaitedFor() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    builds.submit(baseline("gone"), holding(started, release), scope("x"));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    builds.submit(baseline("gone"), built(4), scope("y"));

    Thread forgetting =
        new Thread(
            () -> {
              try {
                builds.forget("gone");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    forgetting.start();
    forgetting.join(300);
    assertThat(forgetting.isAlive()).as("waits for the build under way").isTrue();
    release.countDown();
    forgetting.join(5000);

    assertThat(forgetting.isAlive()).isFalse();
    assertThat(published).hasSize(1).allMatch(p -> p.endsWith("by build 0"));
    assertThat(builds.busy("gone")).isFalse();
  }

  @Test
  void aFailedBuildIsToldOnce() {
    builds.submit(
        baseline("b"),
        s -> {
          throw new IllegalStateException("no result");
        },
        scope("a"));

    await().atMost(Duration.ofSeconds(5)).until(() -> !builds.busy("b"));
    assertThat(builds.takeFailure("b")).contains("no result");
    assertThat(builds.takeFailure("b")).isNull();
    assertThat(published).isEmpty();
  }

  private static Function<Scope, List<ReportContent>> built(int size) {
    return s -> Collections.nCopies(size, null);
  }

  private static Function<Scope, List<ReportContent>> holding(
      CountDownLatch started, CountDownLatch release) {
    return s -> {
      started.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    };
  }

  private static Scope scope(String namespace) {
    return new Scope(Set.of(namespace), false, false);
  }

  private static SecurityBaseline baseline(String name) {
    SecurityBaseline baseline = new SecurityBaseline();
    baseline.setMetadata(new ObjectMetaBuilder().withName(name).build());
    return baseline;
  }
}
