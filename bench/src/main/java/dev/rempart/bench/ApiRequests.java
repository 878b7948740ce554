package dev.rempart.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API server's own count of the requests it served ({@code apiserver_request_total} on its
 * {@code /metrics}), by verb and resource: read before and after a phase, the difference is what
 * every client sent during it. It moves less than times on a shared machine, and tells what a
 * writer sends beyond the writes that matter (status, Events, reports, re-reads).
 */
final class ApiRequests {
  private static final Pattern SAMPLE =
      Pattern.compile("^apiserver_request_total\\{([^}]*)\\} ([0-9.e+]+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final Map<String, Double> counts;

  private ApiRequests(Map<String, Double> counts) {
    this.counts = counts;
  }

  /** The counts now. */
  static ApiRequests read(KubernetesClient client) {
    Map<String, Double> counts = new TreeMap<>();
    for (String line : client.raw("/metrics").split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(sample.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String subresource = labels.getOrDefault("subresource", "");
      String key =
          labels.get("verb")
              + " "
              + labels.get("resource")
              + (subresource.isEmpty() ? "" : "/" + subresource);
      counts.merge(key, Double.parseDouble(sample.group(2)), Double::sum);
    }
    return new ApiRequests(counts);
  }

  private static final Pattern WATCHES =
      Pattern.compile("^apiserver_longrunning_requests\\{([^}]*)\\} ([0-9.e+]+)$");

  /** The watches open now, by resource: who is served every event of what. */
  static String watches(KubernetesClient client) {
    Map<String, Long> open = new TreeMap<>();
    for (String line : client.raw("/metrics").split("\n")) {
      Matcher sample = WATCHES.matcher(line);
      if (!sample.matches() || !sample.group(1).contains("verb=\"WATCH\"")) {
        continue;
      }
      Matcher label = LABEL.matcher(sample.group(1));
      String resource = "?";
      while (label.find()) {
        if (label.group(1).equals("resource")) {
          resource = label.group(2);
        }
      }
      long n = Math.round(Double.parseDouble(sample.group(2)));
      if (n > 0) {
        open.merge(resource, n, Long::sum);
      }
    }
    return open.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** What was served since {@code before}, largest first, one {@code verb resource: n} each. */
  String since(ApiRequests before) {
    Map<String, Long> served = new TreeMap<>();
    counts.forEach(
        (key, value) -> {
          long n = Math.round(value - before.counts.getOrDefault(key, 0.0));
          if (n > 0) {
            served.put(key, n);
          }
        });
    long total = served.values().stream().mapToLong(Long::longValue).sum();
    return total
        + " requests: "
        + served.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
  }
}
