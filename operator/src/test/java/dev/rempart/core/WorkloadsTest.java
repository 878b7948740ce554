package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  private static OwnerReferenceBuilder owner(String kind, String name, boolean controller) {
    return new OwnerReferenceBuilder()
        .withKind(kind)
        .withName(name)
        .withUid("u")
        .withController(controller);
  }

  @Test
  void reportsTheTemplateThatMakesThePodsOnce() {
    Snapshot snapshot =
        Snapshot.of(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("a")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build(),
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName("web-1")
                .withNamespace("a")
                .withOwnerReferences(owner("Deployment", "web", true).build())
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build(),
            new PodBuilder()
                .withNewMetadata()
                .withName("web-1-x")
                .withNamespace("a")
                .withOwnerReferences(owner("ReplicaSet", "web-1", true).build())
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build());
    assertThat(names(snapshot, "a")).containsExactly("Deployment/web");
  }

  @Test
  void aPodWhoseControllerIsNotVisibleIsReportedItself() {
    Snapshot snapshot =
        Snapshot.of(
            new PodBuilder()
                .withNewMetadata()
                .withName("runner")
                .withNamespace("a")
                .withOwnerReferences(owner("Workflow", "w", true).build())
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build(),
            new PodBuilder()
                .withNewMetadata()
                .withName("bare")
                .withNamespace("a")
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build(),
            new PodBuilder()
                .withNewMetadata()
                .withName("elsewhere")
                .withNamespace("b")
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build());
    assertThat(names(snapshot, "a")).containsExactly("Pod/bare", "Pod/runner");
  }

  @Test
  void anOwnerThatIsNotTheControllerDoesNotHideAnObject() {
    Snapshot snapshot =
        Snapshot.of(
            new JobBuilder()
                .withNewMetadata()
                .withName("j")
                .withNamespace("a")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build(),
            new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("a")
                .withOwnerReferences(owner("Job", "j", false).build())
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build());
    assertThat(names(snapshot, "a")).containsExactly("Job/j", "Pod/p");
  }

  @Test
  void anObjectWithoutPodSpecIsSkipped() {
    Snapshot snapshot =
        Snapshot.of(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("d")
                .withNamespace("a")
                .endMetadata()
                .build());
    assertThat(names(snapshot, "a")).isEmpty();
  }

  private static java.util.List<String> names(Snapshot snapshot, String namespace) {
    return Workloads.inNamespace(snapshot, namespace).stream()
        .map(Workloads.Workload::object)
        .map((HasMetadata o) -> o.getKind() + "/" + o.getMetadata().getName())
        .toList();
  }
}
