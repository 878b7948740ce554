package dev.rempart.core;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;

/**
 * How Rempart marks what it makes: the labels that identify its objects and the owner reference
 * that ties them to their baseline. Nothing of the baseline's own labels or annotations is copied,
 * so GitOps tools never mistake Rempart's objects for their own.
 */
public final class ManagedObjects {
  public static final String FIELD_MANAGER = "rempart";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "rempart";
  public static final String BASELINE_LABEL = "rempart.dev/baseline";
  public static final String CONTROL_LABEL = "rempart.dev/control";
  public static final String CLAUSE_ANNOTATION = "rempart.dev/clause";

  private ManagedObjects() {}

  /** The metadata of an object the given baseline owns in the given namespace. */
  public static ObjectMeta metadata(
      SecurityBaseline baseline, String control, String clause, String namespace, String name) {
    ObjectMeta meta = baseline.getMetadata();
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(
            Map.of(
                MANAGED_BY_LABEL, MANAGED_BY_VALUE,
                BASELINE_LABEL, meta.getName(),
                CONTROL_LABEL, control))
        .withAnnotations(Map.of(CLAUSE_ANNOTATION, clause))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(SecurityBaseline.API_VERSION)
                .withKind("SecurityBaseline")
                .withName(meta.getName())
                .withUid(meta.getUid())
                .withBlockOwnerDeletion(false)
                .withController(true)
                .build())
        .build();
  }

  /** True when the object carries Rempart's marks (made by any baseline). */
  public static boolean isManaged(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY_LABEL));
  }

  /** True when the object was made by the named baseline. */
  public static boolean isManagedBy(HasMetadata object, String baselineName) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return isManaged(object) && baselineName.equals(labels.get(BASELINE_LABEL));
  }
}
