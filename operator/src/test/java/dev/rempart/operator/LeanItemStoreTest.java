package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.ManagedObjects;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
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
  void rempartsOwnObjectsKeepWhoElseWroteThemAndWhenButNotTheFieldSets() {
    Pod ours = pod(Map.of(ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE));
    ours.getMetadata()
        .setManagedFields(
            List.of(
                writer(ManagedObjects.FIELD_MANAGER, "2026-11-30T10:00:00Z"),
                writer("kubectl-edit", "2026-11-30T11:00:00Z")));

    List<ManagedFieldsEntry> kept = LeanItemStore.lean(ours).getMetadata().getManagedFields();

    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).getManager()).isEqualTo("kubectl-edit");
    assertThat(kept.get(0).getTime()).isEqualTo("2026-11-30T11:00:00Z");
    assertThat(kept.get(0).getFieldsV1()).isNull();
    assertThat(Remediator.lastOtherManager(ours)).isEqualTo("kubectl-edit");
  }

  @Test
  void anObjectOnlyRempartWroteKeepsNoManagedFields() {
    Pod ours = pod(Map.of(ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE));
    ours.getMetadata()
        .setManagedFields(List.of(writer(ManagedObjects.FIELD_MANAGER, "2026-11-30T10:00:00Z")));

    assertThat(LeanItemStore.lean(ours).getMetadata().getManagedFields()).isNull();
  }

  private static ManagedFieldsEntry writer(String manager, String time) {
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withTime(time)
        .withOperation("Apply")
        .withFieldsType("FieldsV1")
        .withNewFieldsV1()
        .addToAdditionalProperties("f:metadata", Map.of("f:labels", Map.of()))
        .endFieldsV1()
        .build();
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
