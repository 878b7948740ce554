package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.ManagedObjects;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeanItemStoreTest {
  @Test
  void managedFieldsAndTheLastAppliedCopyAreDroppedFromOthersObjects() {
    Pod pod = pod(Map.of("app", "web"));

    Pod kept = LeanItemStore.lean(pod);

    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getAnnotations())
        .doesNotContainKey(LeanItemStore.LAST_APPLIED)
        .containsEntry("team", "shop");
  }

  @Test
  void rempartsOwnObjectsKeepTheirManagedFieldsToNameWhoChangedThem() {
    Pod ours = pod(Map.of(ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE));

    assertThat(LeanItemStore.lean(ours).getMetadata().getManagedFields()).hasSize(1);
  }

  private static Pod pod(Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withLabels(labels)
        .withAnnotations(Map.of(LeanItemStore.LAST_APPLIED, "{\"big\":true}", "team", "shop"))
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
        .endMetadata()
        .build();
  }
}
