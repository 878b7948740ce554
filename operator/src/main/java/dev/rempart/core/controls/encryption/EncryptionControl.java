package dev.rempart.core.controls.encryption;

import dev.rempart.api.v1alpha1.EncryptionInTransit;
import dev.rempart.api.v1alpha1.EncryptionSpec;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.Control;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Snapshot;
import dev.rempart.core.UnevaluableObject;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Optional;

/**
 * Clause 3.1: customer data encrypted at rest and in transit. Rempart changes nothing here (a
 * volume cannot be re-encrypted in place, a certificate is not Rempart's to issue): every check
 * reports, in Audit and in Enforce alike.
 *
 * <p>Checks, all citing 3.1:
 *
 * <ul>
 *   <li>{@code volumeAtRest} (high): a PVC on a StorageClass not known to encrypt; not-verifiable
 *       evidence when its class is not visible ({@link VolumeEncryption}).
 *   <li>{@code secretsAtRest} (high): the API server runs without an encryption provider
 *       configuration; evidence in every case, not verifiable on a managed control plane ({@link
 *       SecretsEncryption}).
 *   <li>{@code ingressTls} (high): an Ingress host without TLS, when {@code requireIngressTLS}.
 *   <li>{@code sslRedirect} (medium): an Ingress annotation or the ingress-nginx ConfigMap turns
 *       the HTTPS redirect off.
 *   <li>{@code minTlsVersion} (high): the ingress-nginx controller accepts TLS older than {@code
 *       minTLSVersion}; not-verifiable evidence when no such controller is visible.
 *   <li>{@code plaintextLoadBalancer} (medium): a LoadBalancer Service exposes port 80.
 * </ul>
 *
 * <p>Cluster-wide objects (StorageClasses, the API server pods, the ingress-nginx ConfigMap) are
 * read wherever they are; PVCs, Ingresses and Services only in the governed namespaces.
 */
public final class EncryptionControl implements Control {
  public static final String NAME = "encryption";
  public static final String CLAUSE = "3.1";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String clauses() {
    return CLAUSE;
  }

  @Override
  public Optional<EncryptionSpec> section(SecurityBaselineSpec spec) {
    return Optional.ofNullable(spec.getEncryption());
  }

  @Override
  public List<Class<? extends HasMetadata>> inputs() {
    return List.of(
        PersistentVolumeClaim.class,
        StorageClass.class,
        Pod.class,
        Ingress.class,
        Service.class,
        ConfigMap.class);
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    return List.of();
  }

  @Override
  public void evaluateCluster(ControlContext context, ControlResult.Builder result) {
    Snapshot snapshot = context.snapshot();
    SecretsEncryption.check(snapshot.inNamespace(Pod.class, "kube-system"), result);
    IngressNginxConfig.check(snapshot.all(ConfigMap.class), minimumTls(context), result);
  }

  @Override
  public void evaluateNamespace(
      ControlContext context, Namespace ns, ControlResult.Builder result) {
    EncryptionSpec spec = context.baseline().getSpec().getEncryption();
    EncryptionInTransit inTransit = spec.effectiveInTransit();
    Snapshot snapshot = context.snapshot();
    String namespace = ns.getMetadata().getName();
    List<PersistentVolumeClaim> claims =
        snapshot.inNamespace(PersistentVolumeClaim.class, namespace);
    if (!claims.isEmpty()) {
      // Read only where there are claims: a namespace without volumes does not depend on them.
      StorageClasses classes = new StorageClasses(snapshot.all(StorageClass.class));
      VolumeEncryption.check(claims, classes, spec.effectiveAtRest(), result);
    }
    // Object by object: one of a shape the checks do not handle is reported by name.
    UnevaluableObject.each(
        NAME,
        clauses(),
        snapshot.inNamespace(Ingress.class, namespace),
        result,
        (ingress, out) -> IngressTls.check(ingress, inTransit.effectiveRequireIngressTLS(), out));
    UnevaluableObject.each(
        NAME,
        clauses(),
        snapshot.inNamespace(Service.class, namespace),
        result,
        LoadBalancerPorts::check);
  }

  private static TlsVersion minimumTls(ControlContext context) {
    EncryptionInTransit inTransit =
        context.baseline().getSpec().getEncryption().effectiveInTransit();
    return TlsVersion.fromBaseline(inTransit.effectiveMinTLSVersion()).orElse(TlsVersion.TLS_1_2);
  }
}
