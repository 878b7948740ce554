package dev.rempart.operator.policyreports;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.policyreports.ReportContent;
import dev.rempart.operator.policyreports.ReportPublisher.Scope;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds reports off the reconcile, one build at a time, on a thread of their own. Building the
 * reports of every namespace once a cold start's writes are evaluated again held the baseline for
 * 150 ms at 2,000 namespaces, and a repair queued behind it waited as long. A baseline has at most
 * one build waiting: a newer one takes its place and covers both scopes, built from the newer
 * result (each result is the whole baseline's, so it can speak for any namespace).
 */
final class ReportBuilds implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReportBuilds.class);

  /** What a build's reports are handed to, on the build's thread. */
  interface Publication {
    void publish(SecurityBaseline baseline, List<ReportContent> reports, Scope scope);
  }

  /** A build waiting: the newest result's builder, and every scope asked for since. */
  private record Waiting(
      SecurityBaseline baseline, Function<Scope, List<ReportContent>> build, Scope scope) {}

  private final Publication publication;
  private final ExecutorService thread;
  private final Map<String, Waiting> waiting = new HashMap<>();
  private final Set<String> building = new HashSet<>();
  private final Map<String, String> failures = new HashMap<>();

  ReportBuilds(Publication publication) {
    this.publication = publication;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "rempart-report-builder");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Builds {@code scope}'s reports with {@code build} soon, on the builder's thread.
   *
   * @param build makes the reports of a scope from one evaluation's result
   */
  synchronized void submit(
      SecurityBaseline baseline, Function<Scope, List<ReportContent>> build, Scope scope) {
    String name = baseline.getMetadata().getName();
    Waiting before = waiting.get(name);
    waiting.put(
        name, new Waiting(baseline, build, before == null ? scope : before.scope().and(scope)));
    if (before == null) {
      thread.execute(() -> run(name));
    }
  }

  /** True while a build of the baseline's reports waits or runs. */
  synchronized boolean busy(String baseline) {
    return waiting.containsKey(baseline) || building.contains(baseline);
  }

  /** Why the baseline's last build failed, once; null when it did not. */
  synchronized String takeFailure(String baseline) {
    return failures.remove(baseline);
  }

  /**
   * The baseline is gone: a build waiting is dropped, and a build running is waited for, so that
   * nothing it queues comes after the removal of the baseline's reports.
   */
  synchronized void forget(String baseline) throws InterruptedException {
    waiting.remove(baseline);
    failures.remove(baseline);
    while (building.contains(baseline)) {
      wait();
    }
  }

  private void run(String name) {
    Waiting build;
    synchronized (this) {
      build = waiting.remove(name);
      if (build == null) {
        return; // forgotten
      }
      building.add(name);
    }
    try {
      publication.publish(build.baseline(), build.build().apply(build.scope()), build.scope());
    } catch (RuntimeException e) {
      LOG.warn("could not build the reports of {}", name, e);
      synchronized (this) {
        failures.put(name, "building the reports failed: " + e);
      }
    } finally {
      synchronized (this) {
        building.remove(name);
        notifyAll();
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
