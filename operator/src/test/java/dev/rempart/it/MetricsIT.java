package dev.rempart.it;

import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.operator.MetricsServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of the operator, scraped over HTTP while it governs 50 and then 500 namespaces:
 * the gauges say what the baseline's status says, and the number of series does not grow with the
 * number of namespaces (no label carries a namespace name).
 */
class MetricsIT {
  private static final Pattern SERIES =
      Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");
  private static final Pattern LABEL_VALUE = Pattern.compile("=\"([^\"]*)\"");

  private static KubernetesClient admin;
  private static RunningOperator operator;
  private static MetricsServer server;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    admin = ControlPlane.adminClient();
    operator = RunningOperator.startUnderChartRbac();
    server = new MetricsServer(0, operator.operator().metrics());
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
    admin.close();
  }

  @Test
  void seriesStayBoundedFrom50To500NamespacesAndGaugesMatchTheStatus() throws Exception {
    String label = unique("metrics");
    String baseline = unique("metrics");
    List<String> namespaces = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      namespaces.add(unique("m" + i));
    }
    createNamespaces(namespaces.subList(0, 50), label);
    admin
        .resource(
            Fixtures.baseline(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: %s}
                spec:
                  mode: Audit
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  network: {}
                """
                    .formatted(baseline, label)))
        .create();

    String at50 = awaitGoverned(baseline, 50);
    Set<String> seriesAt50 = seriesOf(at50);

    long started = System.nanoTime();
    createNamespaces(namespaces.subList(50, 500), label);
    System.out.printf(
        "MetricsIT: created 450 namespaces in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    String at500 = awaitGoverned(baseline, 500);
    System.out.printf(
        "MetricsIT: governed 500 after %d ms; %d series at 50 namespaces, %d at 500%n",
        (System.nanoTime() - started) / 1_000_000, seriesAt50.size(), seriesOf(at500).size());

    Set<String> rempartAt50 = rempartSeries(seriesAt50);
    Set<String> rempartAt500 = rempartSeries(seriesOf(at500));
    assertThat(rempartAt500)
        .as("Rempart's series at 500 namespaces are those at 50")
        .isEqualTo(rempartAt50);
    assertThat(seriesOf(at500).size())
        .as("all series (Rempart's and JOSDK's) do not grow with the namespaces")
        .isLessThanOrEqualTo(seriesAt50.size() + 10)
        .isLessThan(400);
    Set<String> labelValues = labelValues(at500);
    assertThat(labelValues).doesNotContainAnyElementsOf(namespaces);
    assertThat(labelValues).contains(baseline);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              SecurityBaseline status =
                  admin.resources(SecurityBaseline.class).withName(baseline).get();
              assertThat(status.getStatus()).isNotNull();
              var summary = status.getStatus().getSummary();
              String text = scrape();
              assertThat(value(text, "rempart_governed_namespaces", baseline))
                  .isEqualTo(500)
                  .isEqualTo(summary.getGovernedNamespaces());
              assertThat(value(text, "rempart_compliant_namespaces", baseline))
                  .isEqualTo(summary.getCompliantNamespaces())
                  .isZero();
              // Audit, no policies: every namespace lacks its default-deny policy (clause 4.4).
              assertThat(
                      value(
                          text,
                          "rempart_findings",
                          baseline,
                          "clause=\"4.4\"",
                          "control=\"network\"",
                          "severity=\"high\""))
                  .isEqualTo(500);
              int total =
                  summary.getFindings().getCritical()
                      + summary.getFindings().getHigh()
                      + summary.getFindings().getMedium()
                      + summary.getFindings().getLow();
              assertThat(sum(text, "rempart_findings", baseline)).isEqualTo(total);
              assertThat(value(text, "rempart_baseline_ready", baseline)).isEqualTo(1);
              assertThat(value(text, "rempart_oldest_critical_finding_age_seconds", baseline))
                  .isZero();
              assertThat(value(text, "rempart_evaluation_seconds_count", baseline)).isPositive();
            });
    String text = scrape();
    assertThat(text).contains("operator_sdk_");
    // Once, for the baseline's generation: the status writes of every round are not a change
    // of a baseline that could move governance (each used to re-run it over every namespace).
    assertThat(value(text, "rempart_governance_recomputations_total", baseline))
        .as("governance worked out over every namespace")
        .isEqualTo(1);

    admin.resources(SecurityBaseline.class).withName(baseline).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !scrape().contains("rempart_governed_namespaces{baseline=\"" + baseline));
  }

  private static void createNamespaces(List<String> names, String label) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (String name : names) {
        created.add(
            pool.submit(
                () ->
                    admin
                        .resource(
                            new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withLabels(Map.of(label, "true"))
                                .endMetadata()
                                .build())
                        .create()));
      }
      for (Future<?> f : created) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static String awaitGoverned(String baseline, int n) {
    String[] last = new String[1];
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              last[0] = scrape();
              return value(last[0], "rempart_governed_namespaces", baseline) == n
                  && value(last[0], "rempart_findings", baseline, "severity=\"high\"") == n;
            });
    return last[0];
  }

  private static String scrape() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    return response.body();
  }

  /** Every series (name and labels, without value) of a scrape. */
  private static Set<String> seriesOf(String text) {
    Set<String> series = new TreeSet<>();
    Matcher m = SERIES.matcher(text);
    while (m.find()) {
      series.add(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
    }
    return series;
  }

  private static Set<String> rempartSeries(Set<String> all) {
    Set<String> rempart = new TreeSet<>();
    all.stream().filter(s -> s.startsWith("rempart_")).forEach(rempart::add);
    return rempart;
  }

  private static Set<String> labelValues(String text) {
    Set<String> values = new HashSet<>();
    Matcher m = SERIES.matcher(text);
    while (m.find()) {
      if (m.group(2) != null) {
        Matcher v = LABEL_VALUE.matcher(m.group(2));
        while (v.find()) {
          values.add(v.group(1));
        }
      }
    }
    return values;
  }

  /** The one series of {@code name} for the baseline with all the given labels; -1 when none. */
  private static double value(String text, String name, String baseline, String... labels) {
    List<Double> values = values(text, name, baseline, labels);
    assertThat(values.size()).as("series %s for %s", name, baseline).isLessThanOrEqualTo(1);
    return values.isEmpty() ? -1 : values.get(0);
  }

  private static double sum(String text, String name, String baseline) {
    return values(text, name, baseline).stream().mapToDouble(Double::doubleValue).sum();
  }

  private static List<Double> values(String text, String name, String baseline, String... labels) {
    List<Double> values = new ArrayList<>();
    Matcher m = SERIES.matcher(text);
    while (m.find()) {
      String tags = m.group(2) == null ? "" : m.group(2);
      if (m.group(1).equals(name)
          && tags.contains("baseline=\"" + baseline + "\"")
          && List.of(labels).stream().allMatch(tags::contains)) {
        values.add(Double.parseDouble(m.group(3)));
      }
    }
    return values;
  }
}
