package dev.rempart.it;

import dev.rempart.chart.Helm;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Installs the policy-report CRDs the chart ships ({@code helm/rempart/files/report-crds/}, written
 * from the published schemas) into the test cluster, and waits until they are served.
 */
final class ReportCrds {
  private ReportCrds() {}

  /** Installs the CRDs of a format ({@code openreports} or {@code wgpolicy}); idempotent. */
  static void install(KubernetesClient admin, String format) {
    for (Path file : files(format)) {
      try (InputStream in = Files.newInputStream(file)) {
        CustomResourceDefinition crd =
            admin.apiextensions().v1().customResourceDefinitions().load(in).item();
        admin.resource(crd).forceConflicts().serverSideApply();
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> established(admin, crd.getMetadata().getName()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static boolean established(KubernetesClient admin, String name) {
    CustomResourceDefinition crd =
        admin.apiextensions().v1().customResourceDefinitions().withName(name).get();
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<Path> files(String format) {
    try (Stream<Path> files = Files.list(Helm.chart().resolve("files/report-crds/" + format))) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
