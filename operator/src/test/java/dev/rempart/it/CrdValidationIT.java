package dev.rempart.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule of the SecurityBaseline CRD, exercised on the real API server with a bad
 * baseline and the message a person sees at {@code kubectl apply}, which names the field.
 */
class CrdValidationIT {
  private static KubernetesClient admin;

  @BeforeAll
  static void connect() {
    ControlPlane.kubeconfig();
    admin = ControlPlane.adminClient();
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  static Stream<Arguments> invalidBaselines() {
    return Stream.of(
        bad(
            "namespaceSelector is required",
            "mode: Audit",
            "spec.namespaceSelector: Required value"),
        bad(
            "unknown mode",
            "mode: Observe\n  namespaceSelector: {}",
            "spec.mode: Unsupported value: \"Observe\""),
        bad(
            "excluded namespace that is not a name",
            "namespaceSelector: {}\n  excludedNamespaces: [Bad_NS]",
            "spec.excludedNamespaces[0]: Invalid value: \"Bad_NS\": spec.excludedNamespaces[0] in body should match"),
        bad(
            "environment label that is not a label key",
            "namespaceSelector: {}\n  environmentLabel: 'not a label!'",
            "spec.environmentLabel in body should match"),
        bad(
            "selector operator",
            "namespaceSelector: {matchExpressions: [{key: a, operator: Maybe, values: [x]}]}",
            "spec.namespaceSelector.matchExpressions[0].operator: Unsupported value: \"Maybe\""),
        bad(
            "In without values",
            "namespaceSelector: {matchExpressions: [{key: a, operator: In}]}",
            "spec.namespaceSelector.matchExpressions[0]: Invalid value: \"object\": In and NotIn need values; Exists and DoesNotExist take none"),
        bad(
            "Exists with values",
            "namespaceSelector: {matchExpressions: [{key: a, operator: Exists, values: [x]}]}",
            "In and NotIn need values; Exists and DoesNotExist take none"),
        bad(
            "no direction denied",
            "namespaceSelector: {}\n  network: {defaultDeny: []}",
            "spec.network.defaultDeny: Invalid value: 0: spec.network.defaultDeny in body should have at least 1 items"),
        bad(
            "a direction twice",
            "namespaceSelector: {}\n  network: {defaultDeny: [Ingress, Ingress]}",
            "spec.network.defaultDeny: Invalid value: \"array\": defaultDeny must not list a direction twice"),
        bad(
            "unknown direction",
            "namespaceSelector: {}\n  network: {defaultDeny: [Sideways]}",
            "spec.network.defaultDeny[0]: Unsupported value: \"Sideways\""),
        bad(
            "allowDNS not a boolean",
            "namespaceSelector: {}\n  network: {allowDNS: 'yes'}",
            "spec.network.allowDNS: Invalid value: \"string\": spec.network.allowDNS in body must be of type boolean"),
        bad(
            "empty peer",
            "namespaceSelector: {}\n  network: {allowIngressFrom: [{}]}",
            "spec.network.allowIngressFrom[0]: Invalid value: \"object\": a peer needs a namespaceSelector, a podSelector or an ipBlock"),
        bad(
            "ipBlock with a selector",
            "namespaceSelector: {}\n  network: {allowEgressTo: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}",
            "spec.network.allowEgressTo[0]: Invalid value: \"object\": an ipBlock cannot be combined with a namespaceSelector or a podSelector"),
        bad(
            "cidr that is not a range",
            "namespaceSelector: {}\n  network: {allowEgressTo: [{ipBlock: {cidr: 10.0.0.0/33}}]}",
            "spec.network.allowEgressTo[0].ipBlock.cidr: Invalid value: \"string\": cidr must be an IP range in CIDR notation"),
        bad(
            "ipBlock without cidr",
            "namespaceSelector: {}\n  network: {allowEgressTo: [{ipBlock: {except: [10.1.0.0/16]}}]}",
            "spec.network.allowEgressTo[0].ipBlock.cidr: Required value"),
        bad(
            "except that is not a range",
            "namespaceSelector: {}\n  network: {allowEgressTo: [{ipBlock: {cidr: 10.0.0.0/8, except: [nope]}}]}",
            "spec.network.allowEgressTo[0].ipBlock.except: Invalid value: \"array\": every except entry must be an IP range in CIDR notation"),
        bad(
            "unknown protocol",
            "namespaceSelector: {}\n  network: {allowIngressFrom: [{podSelector: {}, ports: [{protocol: ICMP, port: 1}]}]}",
            "spec.network.allowIngressFrom[0].ports[0].protocol: Unsupported value: \"ICMP\""),
        bad(
            "endPort without a port",
            "namespaceSelector: {}\n  network: {allowIngressFrom: [{podSelector: {}, ports: [{endPort: 90}]}]}",
            "spec.network.allowIngressFrom[0].ports[0]: Invalid value: \"object\": endPort needs a numeric port and must not be below it"),
        bad(
            "endPort below port",
            "namespaceSelector: {}\n  network: {allowIngressFrom: [{podSelector: {}, ports: [{port: 90, endPort: 80}]}]}",
            "endPort needs a numeric port and must not be below it"),
        bad(
            "endPort out of range",
            "namespaceSelector: {}\n  network: {allowIngressFrom: [{podSelector: {}, ports: [{port: 80, endPort: 70000}]}]}",
            "spec.network.allowIngressFrom[0].ports[0].endPort: Invalid value: 70000: spec.network.allowIngressFrom[0].ports[0].endPort in body should be less than or equal to 65535"),
        bad(
            "environments without allowed",
            "namespaceSelector: {}\n  environments: {isolated: [production]}",
            "spec.environments.allowed: Required value"),
        bad(
            "environment that is not a label value",
            "namespaceSelector: {}\n  environments: {allowed: ['bad value']}",
            "spec.environments.allowed[0]: Invalid value: \"bad value\": spec.environments.allowed[0] in body should match"),
        bad(
            "isolated environment not allowed",
            "namespaceSelector: {}\n  environments: {allowed: [production], isolated: [staging]}",
            "spec.environments: Invalid value: \"object\": every isolated environment must be listed in allowed"),
        bad(
            "node selectors of an environment not allowed",
            "namespaceSelector: {}\n  environments: {allowed: [production], nodeSelectors: {dev: {pool: dev}}}",
            "spec.environments: Invalid value: \"object\": every environment in nodeSelectors must be listed in allowed"),
        bad(
            "node selectors without a label",
            "namespaceSelector: {}\n  environments: {allowed: [production], nodeSelectors: {production: {}}}",
            "spec.environments.nodeSelectors: Invalid value: \"object\": every environment in nodeSelectors needs at least one node label"),
        bad(
            "TLS version below 1.2",
            "namespaceSelector: {}\n  encryption: {inTransit: {minTLSVersion: '1.1'}}",
            "spec.encryption.inTransit.minTLSVersion: Invalid value: \"string\": minTLSVersion must be 1.2 or 1.3"),
        bad(
            "review interval of zero days",
            "namespaceSelector: {}\n  accessControl: {reviewIntervalDays: 0}",
            "spec.accessControl.reviewIntervalDays: Invalid value: 0: spec.accessControl.reviewIntervalDays in body should be greater than or equal to 1"),
        bad(
            "unknown admission mode",
            "namespaceSelector: {}\n  admission: {mode: Enforce}",
            "spec.admission.mode: Unsupported value: \"Enforce\""),
        bad(
            "break-glass group with a quote",
            "namespaceSelector: {}\n  admission: {breakGlassGroup: \"it's\"}",
            "spec.admission.breakGlassGroup in body should match"),
        bad(
            "vulnerabilities in Enforce",
            "namespaceSelector: {}\n  vulnerabilities: {mode: Enforce}",
            "spec.vulnerabilities: Invalid value: \"object\": the vulnerabilities control is Audit only: Rempart cannot patch images (remove mode or set it to Audit)"),
        bad(
            "an SLA of zero days",
            "namespaceSelector: {}\n  vulnerabilities: {sla: {criticalDays: 0}}",
            "spec.vulnerabilities.sla.criticalDays: Invalid value: 0: spec.vulnerabilities.sla.criticalDays in body should be greater than or equal to 1"));
  }

  private static Arguments bad(String what, String spec, String expectedMessage) {
    return Arguments.of(what, spec, expectedMessage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBaselines")
  void theApiServerRejectsABadBaselineNamingTheField(String what, String spec, String expected) {
    // Untyped, so that values Java could not even hold (a string for a boolean) reach the server.
    GenericKubernetesResource baseline =
        admin
            .getKubernetesSerialization()
            .unmarshal(
                "apiVersion: rempart.dev/v1alpha1\nkind: SecurityBaseline\nmetadata: {name: bad}\nspec:\n  "
                    + spec
                    + "\n",
                GenericKubernetesResource.class);
    assertThatThrownBy(
            () ->
                admin
                    .genericKubernetesResources(SecurityBaseline.API_VERSION, "SecurityBaseline")
                    .resource(baseline)
                    .dryRun()
                    .create())
        .as(what)
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void aGoodBaselineIsAccepted() {
    SecurityBaseline baseline =
        Fixtures.baseline(
            """
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: good}
            spec:
              namespaceSelector:
                matchExpressions: [{key: tier, operator: In, values: [prod]}, {key: x, operator: Exists}]
              excludedNamespaces: [kube-system]
              environmentLabel: example.com/env
              network:
                defaultDeny: [Egress, Ingress]
                allowIngressFrom:
                  - namespaceSelector: {matchLabels: {team: web}}
                    ports: [{port: 8080}, {protocol: UDP, port: 9000, endPort: 9010}, {port: http}]
                allowEgressTo:
                  - ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}
              environments:
                allowed: [production, staging]
                isolated: [production]
                nodeSelectors: {production: {node-pool: production}}
              encryption:
                atRest: {encryptedStorageClasses: [gp3-encrypted]}
                inTransit: {minTLSVersion: "1.3"}
              accessControl: {reviewIntervalDays: 30, removeExpiredBindings: true}
            """);
    SecurityBaseline created = admin.resource(baseline).dryRun().create();
    assertThat(created.getSpec().getMode()).as("defaulted").isNotNull();
    assertThat(created.getSpec().getNetwork().getAllowDNS()).as("defaulted").isTrue();
    assertThat(created.getSpec().getEncryption().getInTransit().getRequireIngressTLS())
        .as("defaulted")
        .isTrue();
    assertThat(created.getSpec().getAccessControl().getForbidClusterAdmin())
        .as("defaulted")
        .isTrue();
  }

  /** Guards the list above: a new CEL rule in the CRD without a case here fails this test. */
  @Test
  void everyCelRuleOfTheCrdHasACase() throws Exception {
    CelRules.assertEachHasACase(
        "securitybaselines.rempart.dev", invalidBaselines().map(a -> (String) a.get()[2]).toList());
  }
}
