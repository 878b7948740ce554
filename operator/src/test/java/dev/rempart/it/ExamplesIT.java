package dev.rempart.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.io.Manifest;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Kubernetes manifest in examples/ is sent to the real API server (server-side dry run), so
 * an example that the API would refuse fails the build. Manifests of kinds this control plane does
 * not serve (Argo CD, Flux) are checked by the chart's tests instead; CI pipeline files are not
 * Kubernetes manifests. A namespace the examples place objects in is created for the test (a dry
 * run of its Namespace creates nothing, and the API refuses objects in a namespace that does not
 * exist) and deleted afterwards.
 */
class ExamplesIT {
  private static final Set<String> SERVED_GROUPS = Set.of("rempart.dev", "", "networking.k8s.io");
  private static KubernetesClient admin;
  private static final Set<String> created = new TreeSet<>();

  @BeforeAll
  static void connect() {
    ControlPlane.kubeconfig();
    admin = ControlPlane.adminClient();
  }

  @AfterAll
  static void close() {
    created.forEach(ns -> admin.namespaces().withName(ns).delete());
    admin.close();
  }

  @TestFactory
  Stream<DynamicTest> everyExampleIsAcceptedByTheApiServer() throws IOException {
    Path examples = ControlPlane.repositoryRoot().resolve("examples");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(examples)) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .filter(p -> !p.toString().contains("/ci/"))
              .sorted()
              .toList();
    }
    assertThat(files).as("examples").isNotEmpty();
    assertThat(files).anyMatch(p -> p.endsWith("saas-addendum.yaml"));
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(examples.relativize(file).toString(), () -> apply(file)));
  }

  private static void apply(Path file) throws IOException {
    List<Manifest> manifests;
    try (InputStream in = Files.newInputStream(file)) {
      manifests = ManifestReader.readAll(in, file.toString());
    }
    assertThat(manifests).as("documents in %s", file).isNotEmpty();
    for (Manifest m : manifests) {
      String apiVersion = m.object().getApiVersion();
      String group =
          apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      if (!SERVED_GROUPS.contains(group)) {
        continue;
      }
      String namespace = m.object().getMetadata().getNamespace();
      if (namespace != null && admin.namespaces().withName(namespace).get() == null) {
        admin
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
        created.add(namespace);
      }
      GenericKubernetesResource generic =
          admin
              .getKubernetesSerialization()
              .convertValue(m.object(), GenericKubernetesResource.class);
      var created =
          admin
              .genericKubernetesResources(apiVersion, m.object().getKind())
              .resource(generic)
              .dryRun()
              .create();
      assertThat(created.getMetadata().getName()).isEqualTo(m.object().getMetadata().getName());
    }
  }
}
