package dev.rempart.core.controls.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.Severity;
import dev.rempart.core.Snapshot;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mutableImageTag, automountServiceAccountToken and nodePortService. */
class BeyondTheStandardsTest {

  @ParameterizedTest(name = "{0} mutable: {1}")
  @CsvSource({
    "nginx, true",
    "nginx:latest, true",
    "library/nginx, true",
    "docker.io/library/nginx:latest, true",
    "registry.example.com:5000/app, true",
    "registry.example.com:5000/app:latest, true",
    "localhost:5000/team/app, true",
    "nginx:1.27, false",
    "nginx:latest-alpine, false",
    "registry.example.com:5000/app:1.0, false",
    "nginx@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945, false",
    "nginx:latest@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945, false",
    "registry.example.com:5000/app@sha512:abcdef, false"
  })
  void mutableImages(String image, boolean mutable) {
    assertThat(MutableImageTagCheck.isMutable(image)).isEqualTo(mutable);
  }

  @Test
  void mutableImagesListEveryContainerOnce() {
    var spec =
        Pods.spec(
            "{initContainers: [{name: i, image: busybox}], containers: [{name: a, image:"
                + " busybox}, {name: b, image: 'app:2.0'}], ephemeralContainers: [{name: e, image:"
                + " 'debug:latest'}]}");
    var v = MutableImageTagCheck.evaluate(spec).orElseThrow();
    assertThat(v.severity()).isEqualTo(Severity.LOW);
    assertThat(v.describe())
        .isEqualTo(
            "mutable image tags (containers \"i\", \"a\", \"e\" use images \"busybox\","
                + " \"debug:latest\" with no tag or the tag latest, and no digest)");
    assertThat(MutableImageTagCheck.evaluate(Pods.spec("{containers: [{name: a, image: 'x:1'}]}")))
        .isEmpty();
  }

  @Test
  void serviceAccountTokens() {
    Snapshot snapshot =
        Snapshot.builder()
            .addAll(
                ManifestReader.parse(
                    """
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata: {name: quiet, namespace: ns}
                    automountServiceAccountToken: false
                    ---
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata: {name: loud, namespace: ns}
                    automountServiceAccountToken: true
                    ---
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata: {name: default, namespace: other}
                    automountServiceAccountToken: false
                    """))
            .build();
    assertThat(token("{automountServiceAccountToken: false}", snapshot)).isFalse();
    assertThat(token("{automountServiceAccountToken: true, serviceAccountName: loud}", snapshot))
        .as("a pod that declares it needs the token")
        .isFalse();
    assertThat(token("{serviceAccountName: quiet}", snapshot)).isFalse();
    assertThat(token("{serviceAccount: quiet}", snapshot))
        .as("the deprecated serviceAccount field")
        .isFalse();
    assertThat(token("{serviceAccountName: loud}", snapshot)).isTrue();
    assertThat(token("{serviceAccountName: missing}", snapshot)).isTrue();
    assertThat(token("{}", snapshot))
        .as("the default account of ns is unknown; other's does not count")
        .isTrue();
  }

  private static boolean token(String spec, Snapshot snapshot) {
    return ServiceAccountTokenCheck.evaluate(Pods.spec(spec), "ns", snapshot).isPresent();
  }

  @Test
  void nodePortServices() {
    assertThat(NodePortServiceCheck.evaluate(service("{type: ClusterIP}"))).isEmpty();
    assertThat(NodePortServiceCheck.evaluate(service("{}"))).isEmpty();
    assertThat(NodePortServiceCheck.evaluate(service("{type: LoadBalancer}"))).isEmpty();
    var v =
        NodePortServiceCheck.evaluate(
                service("{type: NodePort, ports: [{port: 80, nodePort: 30080}]}"))
            .orElseThrow();
    assertThat(v.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(v.describe())
        .isEqualTo(
            "NodePort Service (type NodePort opens node port 30080 for 80/TCP on every node)");
  }

  private static Service service(String spec) {
    return (Service)
        ManifestReader.parse(
                "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: ns}\nspec: " + spec)
            .get(0);
  }
}
