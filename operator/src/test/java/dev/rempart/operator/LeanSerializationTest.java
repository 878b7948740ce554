package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class LeanSerializationTest {
  private static final String POLICY =
      """
      {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",
       "metadata":{"name":"deny","namespace":"shop","labels":{"app":"web"}},
       "spec":{"podSelector":{},"policyTypes":["Ingress"],
               "ingress":[{"from":[{"podSelector":{"matchLabels":{"a":"b"}}}],
                           "ports":[{"port":53,"protocol":"UDP","futureField":"x"}]}]}}
      """;

  private final KubernetesSerialization lean = LeanSerialization.serialization();
  private final KubernetesSerialization plain = new KubernetesSerialization();

  @Test
  void emptyUnknownFieldMapsAreTheSharedEmptyMap() {
    NetworkPolicy policy = lean.unmarshal(POLICY, NetworkPolicy.class);

    assertThat(policy.getAdditionalProperties()).isSameAs(Collections.emptyMap());
    assertThat(policy.getMetadata().getAdditionalProperties()).isSameAs(Collections.emptyMap());
    assertThat(policy.getSpec().getPodSelector().getAdditionalProperties())
        .isSameAs(Collections.emptyMap());
  }

  @Test
  void theObjectReadsEqualsAndWritesAsThePlainReadingDoes() {
    NetworkPolicy leanPolicy = lean.unmarshal(POLICY, NetworkPolicy.class);
    NetworkPolicy plainPolicy = plain.unmarshal(POLICY, NetworkPolicy.class);

    assertThat(leanPolicy).isEqualTo(plainPolicy).hasSameHashCodeAs(plainPolicy);
    assertThat(lean.asJson(leanPolicy)).isEqualTo(plain.asJson(plainPolicy));
  }

  @Test
  void unknownFieldsAreKept() {
    NetworkPolicy policy = lean.unmarshal(POLICY, NetworkPolicy.class);

    assertThat(policy.getSpec().getIngress().get(0).getPorts().get(0).getAdditionalProperties())
        .containsEntry("futureField", "x");
  }

  @Test
  void anObjectBuiltFromOneReadCanTakeUnknownFieldsAgain() {
    NetworkPolicy policy = lean.unmarshal(POLICY, NetworkPolicy.class);

    NetworkPolicy edited =
        new NetworkPolicyBuilder(policy).addToAdditionalProperties("note", "kept").build();

    assertThat(edited.getAdditionalProperties()).containsEntry("note", "kept");
    assertThat(policy.getAdditionalProperties()).isEmpty();
  }

  @Test
  void repeatedShortStringsAreSharedButResourceVersionsAreNot() {
    NetworkPolicy one = lean.unmarshal(POLICY.replace("\"deny\"", "\"one\""), NetworkPolicy.class);
    NetworkPolicy two = lean.unmarshal(POLICY.replace("\"deny\"", "\"two\""), NetworkPolicy.class);

    assertThat(two.getMetadata().getNamespace()).isSameAs(one.getMetadata().getNamespace());
    assertThat(two.getMetadata().getLabels().get("app"))
        .isSameAs(one.getMetadata().getLabels().get("app"));
    assertThat(two.getSpec().getPolicyTypes().get(0))
        .isSameAs(one.getSpec().getPolicyTypes().get(0));
    assertThat(LeanSerialization.SharedStrings.shared(new String("123456")))
        .isNotSameAs(LeanSerialization.SharedStrings.shared(new String("123456")));
  }

  @Test
  void genericResourcesKeepTheirContentInTheirOwnMap() {
    GenericKubernetesResource report =
        lean.unmarshal(
            "{\"apiVersion\":\"openreports.io/v1alpha1\",\"kind\":\"Report\","
                + "\"metadata\":{\"name\":\"r\"},\"summary\":{\"fail\":1}}",
            GenericKubernetesResource.class);

    report.setAdditionalProperty("results", java.util.List.of());

    assertThat(report.getAdditionalProperties()).containsKeys("summary", "results");
  }

  @Test
  void fieldSetsAreSkippedAndTheRestOfTheObjectIsRead() {
    String written =
        """
        {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",
         "metadata":{"name":"deny","namespace":"shop",
           "managedFields":[
             {"manager":"kubectl","operation":"Update","apiVersion":"networking.k8s.io/v1",
              "time":"2026-12-02T03:00:00Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:spec":{"f:podSelector":{},"f:policyTypes":{},
                          "f:ingress":{".":{},"k:{\\"port\\":53}":{"f:x":[1,{"y":null}]}}}}},
             {"manager":"rempart","operation":"Apply","fieldsType":"FieldsV1","fieldsV1":{}}],
           "labels":{"app":"web"}},
         "spec":{"podSelector":{},"policyTypes":["Ingress"]}}
        """;

    NetworkPolicy policy = lean.unmarshal(written, NetworkPolicy.class);

    assertThat(policy.getMetadata().getManagedFields())
        .extracting(
            ManagedFieldsEntry::getManager,
            ManagedFieldsEntry::getOperation,
            ManagedFieldsEntry::getTime,
            ManagedFieldsEntry::getFieldsV1)
        .containsExactly(
            tuple("kubectl", "Update", "2026-12-02T03:00:00Z", null),
            tuple("rempart", "Apply", null, null));
    assertThat(policy.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(plain.unmarshal(written, NetworkPolicy.class).getMetadata().getManagedFields())
        .allSatisfy(entry -> assertThat(entry.getFieldsV1()).isNotNull());
  }
}
