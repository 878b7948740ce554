package dev.rempart.it;

import static dev.rempart.it.Fixtures.hasCondition;
import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.operator.RepairBackoff;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another writer that keeps undoing a policy Rempart manages (a GitOps tool holding another
 * version, a script deleting it) on the real API server, with the operator under the chart's RBAC:
 * Rempart keeps restoring the policy but backs off, says who it is fighting with, and makes a few
 * writes where the other writer makes a hundred. The schedule is shortened for the test (three
 * immediate repairs, then 1 s, 2 s, 4 s, 4 s ..., quiet after 3 s); the defaults are 10 s up to 5
 * min, quiet after 5 min.
 */
class FightingWriterIT {
  private static final Logger LOG = LoggerFactory.getLogger(FightingWriterIT.class);
  private static final RepairBackoff SHORT =
      new RepairBackoff(3, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(3));
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String DENY = "rempart-default-deny";
  private static final String GITOPS = "argocd-controller";
  private static final Duration WRITER_PERIOD = Duration.ofMillis(200);

  private static KubernetesClient admin;
  private static RunningOperator operator;

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    operator = RunningOperator.startUnderChartRbac(SHORT);
  }

  @AfterAll
  static void stop() {
    operator.close();
    admin.close();
  }

  @Test
  void aGitOpsToolThatKeepsOpeningThePolicyMeetsARempartThatRestoresItWithBackOff()
      throws Exception {
    String ns = unique("fight");
    String name = unique("fight");
    enforce(ns, name);
    try (Transitions watch = Transitions.of(admin, ns)) {
      Duration fight = Duration.ofSeconds(24);
      long started = System.nanoTime();
      AtomicInteger writes = new AtomicInteger();
      AtomicInteger undone = new AtomicInteger();
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(() -> openUpRepeatedly(ns, fight, writes, undone));

      // While the fight goes on, Rempart says whom it is fighting with, and what to do.
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(eventsFor(name))
                      .anySatisfy(
                          e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getReason()).isEqualTo("Conflict");
                            assertThat(e.getMessage())
                                .contains(ns + "/" + DENY)
                                .contains("field manager '" + GITOPS + "'")
                                .contains("undone 4 times")
                                .contains("waits 1s")
                                .contains("BaselineException");
                          }));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                SecurityBaseline current = read(name);
                assertThat(hasCondition(current, "Contested", "True")).isTrue();
                assertThat(Fixtures.condition(current, "Contested").getReason())
                    .isEqualTo("RepeatedReverts");
                assertThat(Fixtures.condition(current, "Contested").getMessage())
                    .contains(ns + "/" + DENY)
                    .contains(GITOPS);
                assertThat(hasCondition(current, "Ready", "True")).isTrue();
              });
      assertThat(writer.isDone()).as("the fight is still on").isFalse();
      writer.get();
      Duration fought = Duration.ofNanos(System.nanoTime() - started);
      List<Duration> repairs = watch.toRempart();
      LOG.info(
          "fight of {} ms: the other writer made {} writes ({} undid Rempart's version);"
              + " Rempart repaired {} times, at {}",
          fought.toMillis(),
          writes.get(),
          undone.get(),
          repairs.size(),
          repairs.stream().map(Duration::toMillis).toList());

      int allowed = SHORT.immediateRepairs() + deferredRepairsWithin(fought);
      assertThat(repairs.size())
          .as("Rempart never gives up: it restored the policy at the end of each back-off")
          .isGreaterThanOrEqualTo(SHORT.immediateRepairs() + 3);
      assertThat(repairs.size())
          .as("no more repairs than the back-off schedule allows in %s", fought)
          .isLessThanOrEqualTo(allowed + 1);
      assertThat(repairs.size() * 5)
          .as("far fewer writes than the other writer's %d", writes.get())
          .isLessThan(writes.get());
      List<Duration> gaps = gaps(repairs);
      assertThat(gaps.subList(SHORT.immediateRepairs() - 1, gaps.size()))
          .as("after the immediate repairs, each waits at least the first delay")
          .allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(Duration.ofMillis(900)))
          .as("and never much longer than the cap: Rempart keeps restoring")
          .allSatisfy(g -> assertThat(g).isLessThan(SHORT.maxDelay().plusSeconds(2)));

      // The other writer stopped: its last change is undone by the end of the current back-off.
      long stopped = System.nanoTime();
      await()
          .atMost(SHORT.maxDelay().plusSeconds(3))
          .untilAsserted(() -> assertThat(ingressOf(ns)).isEmpty());
      LOG.info(
          "restored {} ms after the other writer stopped",
          Duration.ofNanos(System.nanoTime() - stopped).toMillis());
      await()
          .atMost(SHORT.quietWindow().plusSeconds(10))
          .until(() -> hasCondition(read(name), "Contested", "False"));
      LOG.info(
          "Contested=False {} ms after the other writer stopped",
          Duration.ofNanos(System.nanoTime() - stopped).toMillis());

      // Every repair and every deferral is one series each: a handful of Event objects.
      int repaired = watch.toRempart().size();
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                String metrics = operator.operator().metrics().scrape();
                assertThat(counter(metrics, "rempart_drift_repaired_total", name))
                    .isEqualTo(repaired);
                List<Event> events = eventsFor(name);
                assertThat(events)
                    .extracting(Event::getReason)
                    .containsExactlyInAnyOrder("DriftDetected", "Remediated", "Conflict");
                assertThat(one(events, "Remediated").getCount()).isEqualTo(repaired);
                assertThat(one(events, "DriftDetected").getCount()).isEqualTo(repaired);
                assertThat(one(events, "Conflict").getCount())
                    .isEqualTo(repaired - SHORT.immediateRepairs())
                    .isEqualTo(counter(metrics, "rempart_repairs_deferred_total", name));
              });
      LOG.info("events of the baseline: {}", describe(eventsFor(name)));
    }
    delete(name);
  }

  @Test
  void aScriptThatKeepsDeletingThePolicyYieldsOneDriftSeriesAndARestoredPolicy() throws Exception {
    String ns = unique("deleter");
    String name = unique("deleter");
    enforce(ns, name);
    try (Transitions watch = Transitions.of(admin, ns)) {
      Duration fight = Duration.ofSeconds(12);
      long started = System.nanoTime();
      AtomicInteger attempts = new AtomicInteger();
      AtomicInteger deleted = new AtomicInteger();
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(() -> deleteRepeatedly(ns, fight, attempts, deleted));
      writer.get();
      Duration fought = Duration.ofNanos(System.nanoTime() - started);
      List<Duration> recreated = watch.toRempart();
      LOG.info(
          "deletion fight of {} ms: {} delete calls, {} deletions; Rempart re-created it {} times",
          fought.toMillis(),
          attempts.get(),
          deleted.get(),
          recreated.size());
      assertThat(recreated.size())
          .isGreaterThanOrEqualTo(SHORT.immediateRepairs() + 2)
          .isLessThanOrEqualTo(SHORT.immediateRepairs() + deferredRepairsWithin(fought) + 1);
      assertThat(recreated.size() * 5).isLessThan(attempts.get());

      await().atMost(SHORT.maxDelay().plusSeconds(3)).until(() -> policy(ns) != null);
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                List<Event> events = eventsFor(name);
                List<Event> drift =
                    events.stream().filter(e -> e.getReason().equals("DriftDetected")).toList();
                assertThat(drift)
                    .as("a policy deleted many times is one DriftDetected series with a count")
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getMessage()).contains(ns + "/" + DENY + " was deleted");
                          assertThat(e.getCount())
                              .isEqualTo(watch.toRempart().size())
                              .isGreaterThanOrEqualTo(SHORT.immediateRepairs() + 2);
                        });
                assertThat(one(events, "Conflict").getMessage())
                    .contains(ns + "/" + DENY)
                    .contains("deleted by another writer");
                assertThat(events).hasSizeLessThanOrEqualTo(3);
              });
      await()
          .atMost(SHORT.quietWindow().plusSeconds(10))
          .until(() -> hasCondition(read(name), "Contested", "False"));
    }
    delete(name);
  }

  /** A baseline in Enforce over a fresh namespace, with its default-deny policy in place. */
  private static void enforce(String ns, String name) {
    String label = unique("gov");
    namespace(admin, ns, Map.of(label, "true"));
    admin
        .resource(
            Fixtures.baseline(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: %s}
                spec:
                  mode: Enforce
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  network: {allowDNS: false}
                """
                    .formatted(name, label)))
        .create();
    await().atMost(WAIT).until(() -> policy(ns) != null);
    await().atMost(WAIT).until(() -> hasCondition(read(name), "Compliant", "True"));
  }

  /**
   * The GitOps tool: server-side apply, forced, under its own field manager, of a version of the
   * policy that lets everything in, every 200 ms.
   */
  private static void openUpRepeatedly(
      String ns, Duration fight, AtomicInteger writes, AtomicInteger undone) {
    PatchContext apply =
        new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(GITOPS)
            .withForce(true)
            .build();
    String body =
        """
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
         "metadata": {"name": "%s", "namespace": "%s"},
         "spec": {"ingress": [{"from": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]}}
        """
            .formatted(DENY, ns);
    long end = System.nanoTime() + fight.toNanos();
    while (System.nanoTime() < end) {
      String before = policy(ns).getMetadata().getResourceVersion();
      NetworkPolicy after =
          admin.network().v1().networkPolicies().inNamespace(ns).withName(DENY).patch(apply, body);
      writes.incrementAndGet();
      if (!before.equals(after.getMetadata().getResourceVersion())) {
        undone.incrementAndGet();
      }
      sleep(WRITER_PERIOD);
    }
  }

  /** The script: deletes the policy every 200 ms. */
  private static void deleteRepeatedly(
      String ns, Duration fight, AtomicInteger attempts, AtomicInteger deleted) {
    long end = System.nanoTime() + fight.toNanos();
    while (System.nanoTime() < end) {
      boolean gone =
          !admin.network().v1().networkPolicies().inNamespace(ns).withName(DENY).delete().isEmpty();
      attempts.incrementAndGet();
      if (gone) {
        deleted.incrementAndGet();
      }
      sleep(WRITER_PERIOD);
    }
  }

  /**
   * How many deferred repairs the schedule allows in a fight of this length: the k-th waits at
   * least the k-th delay after the revert before it.
   */
  private static int deferredRepairsWithin(Duration fight) {
    Duration spent = Duration.ZERO;
    int k = 0;
    Duration delay = SHORT.firstDelay();
    while (true) {
      spent = spent.plus(delay);
      if (spent.compareTo(fight) > 0) {
        return k;
      }
      k++;
      Duration doubled = delay.multipliedBy(2);
      delay = doubled.compareTo(SHORT.maxDelay()) > 0 ? SHORT.maxDelay() : doubled;
    }
  }

  private static List<Duration> gaps(List<Duration> times) {
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      gaps.add(times.get(i).minus(times.get(i - 1)));
    }
    return gaps;
  }

  private static List<?> ingressOf(String ns) {
    NetworkPolicy p = policy(ns);
    if (p == null) {
      return List.of("missing");
    }
    return p.getSpec().getIngress() == null ? List.of() : p.getSpec().getIngress();
  }

  private static NetworkPolicy policy(String ns) {
    return admin.network().v1().networkPolicies().inNamespace(ns).withName(DENY).get();
  }

  private static SecurityBaseline read(String name) {
    return admin.resources(SecurityBaseline.class).withName(name).get();
  }

  private static void delete(String baseline) {
    admin.resources(SecurityBaseline.class).withName(baseline).delete();
    await().atMost(WAIT).until(() -> read(baseline) == null);
  }

  private static List<Event> eventsFor(String baseline) {
    return admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> baseline.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static Event one(List<Event> events, String reason) {
    List<Event> matching = events.stream().filter(e -> reason.equals(e.getReason())).toList();
    assertThat(matching).as("one %s Event", reason).hasSize(1);
    return matching.get(0);
  }

  private static String describe(List<Event> events) {
    return events.stream()
        .map(e -> e.getReason() + " x" + e.getCount() + ": " + e.getMessage())
        .toList()
        .toString();
  }

  private static int counter(String scrape, String metric, String baseline) {
    Matcher m =
        Pattern.compile(
                "(?m)^"
                    + Pattern.quote(
                        metric + "{baseline=\"" + baseline + "\",kind=\"NetworkPolicy\"}")
                    + " (\\S+)$")
            .matcher(scrape);
    return m.find() ? (int) Double.parseDouble(m.group(1)) : 0;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The policy's history as the API server tells it, by watch: every moment it went back to
   * Rempart's version (no ingress rule, or re-created) after someone had undone it.
   */
  private static final class Transitions implements AutoCloseable, Watcher<NetworkPolicy> {
    private final long since = System.nanoTime();
    private final List<Duration> toRempart = Collections.synchronizedList(new ArrayList<>());
    private boolean undone;
    private Watch watch;

    static Transitions of(KubernetesClient client, String ns) {
      Transitions t = new Transitions();
      t.watch = client.network().v1().networkPolicies().inNamespace(ns).withName(DENY).watch(t);
      return t;
    }

    @Override
    public synchronized void eventReceived(Action action, NetworkPolicy policy) {
      boolean rempartsVersion =
          action != Action.DELETED
              && (policy.getSpec().getIngress() == null || policy.getSpec().getIngress().isEmpty());
      if (rempartsVersion && undone) {
        toRempart.add(Duration.ofNanos(System.nanoTime() - since));
      }
      undone = !rempartsVersion;
    }

    @Override
    public void onClose(WatcherException cause) {}

    /** When Rempart's version came back, since the watch began. */
    List<Duration> toRempart() {
      synchronized (toRempart) {
        return List.copyOf(toRempart);
      }
    }

    @Override
    public void close() {
      watch.close();
    }
  }
}
