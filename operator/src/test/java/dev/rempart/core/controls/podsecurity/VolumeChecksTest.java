package dev.rempart.core.controls.podsecurity;

import static dev.rempart.core.controls.podsecurity.CheckCase.fails;
import static dev.rempart.core.controls.podsecurity.CheckCase.passes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** hostPathVolumes and restrictedVolumes, which replaces it at restricted. */
class VolumeChecksTest {

  static Stream<CheckCase> hostPath() {
    return Stream.of(
        passes("no volumes", "{containers: [{name: a}]}"),
        passes("nfs is not hostPath", "{volumes: [{name: n, nfs: {server: s, path: /}}]}"),
        fails(
            "one hostPath",
            "{volumes: [{name: e, emptyDir: {}}, {name: h, hostPath: {path: /var/run}}]}",
            "hostPath volumes (volume \"h\")"),
        fails(
            "two, in spec order",
            "{volumes: [{name: z, hostPath: {path: /}}, {name: a, hostPath: {path: /etc}}]}",
            "hostPath volumes (volumes \"z\", \"a\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void hostPath(CheckCase c) {
    assertThat(Pods.verdict(new HostPathVolumesCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  static Stream<CheckCase> restricted() {
    return Stream.of(
        passes(
            "every allowed kind",
            "{volumes: [{name: a, configMap: {name: c}}, {name: b, csi: {driver: d}},"
                + " {name: c, downwardAPI: {}}, {name: d, emptyDir: {}},"
                + " {name: e, ephemeral: {volumeClaimTemplate: {spec: {}}}},"
                + " {name: f, image: {reference: r}}, {name: g, persistentVolumeClaim: {claimName:"
                + " p}}, {name: h, projected: {sources: []}}, {name: i, secret: {secretName:"
                + " s}}]}"),
        fails(
            "hostPath",
            "{volumes: [{name: h, hostPath: {path: /}}]}",
            "restricted volume types (volume \"h\" uses restricted volume type \"hostPath\")"),
        fails(
            "network and cloud volumes, types sorted",
            "{volumes: [{name: n, nfs: {server: s, path: /}}, {name: g, gitRepo: {repository:"
                + " r}}, {name: a, awsElasticBlockStore: {volumeID: v}}, {name: n2, nfs: {server:"
                + " s, path: /x}}]}",
            "restricted volume types (volumes \"n\", \"g\", \"a\", \"n2\" use restricted volume"
                + " types \"awsElasticBlockStore\", \"gitRepo\", \"nfs\")"),
        fails(
            "a volume with no source, not yet defaulted, is of unknown type",
            "{volumes: [{name: x}]}",
            "restricted volume types (volume \"x\" uses restricted volume type \"unknown\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void restricted(CheckCase c) {
    assertThat(Pods.verdict(new RestrictedVolumesCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  @Test
  void aSourcelessVolumeIsAnEmptyDirOnceDefaulted() {
    var spec = ApiServerDefaults.apply(Pods.spec("{volumes: [{name: x}]}"), false);
    assertThat(new RestrictedVolumesCheck().evaluate(new ObjectMeta(), spec)).isEmpty();
  }

  @Test
  void hostPathKeepsItsBaselineSeverityAtRestricted() {
    var check = new RestrictedVolumesCheck();
    var nfs = Pods.spec("{volumes: [{name: n, nfs: {server: s, path: /}}]}");
    var hostPath =
        Pods.spec(
            "{volumes: [{name: n, nfs: {server: s, path: /}}, {name: h, hostPath: {path: /}}]}");
    assertThat(check.evaluate(new ObjectMeta(), nfs).orElseThrow().severity())
        .isEqualTo(Severity.MEDIUM);
    assertThat(check.evaluate(new ObjectMeta(), hostPath).orElseThrow().severity())
        .isEqualTo(Severity.HIGH);
  }
}
