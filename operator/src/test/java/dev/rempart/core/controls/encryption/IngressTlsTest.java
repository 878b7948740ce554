package dev.rempart.core.controls.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IngressTlsTest {
  private static IngressTLS tls(String... hosts) {
    return new IngressTLSBuilder().withHosts(hosts).withSecretName("s").build();
  }

  @Test
  void exactHostsMatchWithoutRegardToCase() {
    assertThat(IngressTls.covers(tls("Shop.Example.com"), "shop.example.com")).isTrue();
    assertThat(IngressTls.covers(tls("shop.example.com"), "api.example.com")).isFalse();
  }

  @Test
  void aWildcardCoversExactlyOneLabel() {
    IngressTLS wildcard = tls("*.example.com");
    assertThat(IngressTls.covers(wildcard, "shop.example.com")).isTrue();
    assertThat(IngressTls.covers(wildcard, "a.shop.example.com")).isFalse();
    assertThat(IngressTls.covers(wildcard, "example.com")).isFalse();
    assertThat(IngressTls.covers(wildcard, "shopexample.com")).isFalse();
  }

  @Test
  void aWildcardRuleHostNeedsTheSameWildcard() {
    assertThat(IngressTls.covers(tls("*.example.com"), "*.example.com")).isTrue();
    assertThat(IngressTls.covers(tls("*.com"), "*.example.com")).isFalse();
  }

  @Test
  void aTlsEntryWithoutHostsCoversNoNamedHost() {
    assertThat(IngressTls.covers(new IngressTLSBuilder().withSecretName("s").build(), "a.b"))
        .isFalse();
  }

  @Test
  void listsEachUncoveredHostOnceAndTheHostlessRule() {
    Ingress ingress =
        ingress(
            new IngressTLS[] {tls("a.example.com")},
            "a.example.com",
            "b.example.com",
            "b.example.com",
            null);
    assertThat(IngressTls.uncoveredHosts(ingress))
        .containsExactly("b.example.com", "* (a rule without host)");
  }

  @Test
  void aHostlessRuleIsCoveredByTheDefaultCertificate() {
    Ingress ingress =
        ingress(
            new IngressTLS[] {new IngressTLSBuilder().withSecretName("d").build()}, (String) null);
    assertThat(IngressTls.uncoveredHosts(ingress)).isEmpty();
  }

  @Test
  void anIngressWithoutRulesHasNothingUncovered() {
    assertThat(IngressTls.uncoveredHosts(ingress(new IngressTLS[0]))).isEmpty();
  }

  private static Ingress ingress(IngressTLS[] tls, String... hosts) {
    var spec =
        new IngressBuilder()
            .withNewMetadata()
            .withName("i")
            .withNamespace("n")
            .endMetadata()
            .withNewSpec()
            .withTls(tls);
    Arrays.stream(hosts)
        .forEach(h -> spec.addToRules(new IngressRuleBuilder().withHost(h).build()));
    return spec.endSpec().build();
  }
}
