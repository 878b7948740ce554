package dev.rempart.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator checks before it starts, so that a misconfigured installation says what is
 * wrong and what to do instead of failing in the informers with a stack trace: Rempart's CRDs
 * served, and as new as this operator (an upgrade that left the old CRD in place makes the API
 * server drop the new fields silently); every permission the operator uses granted (an upgrade that
 * left an old ClusterRole behind lacks a verb). Each problem is one sentence naming what is missing
 * and how to fix it.
 */
public final class Preflight {
  static final String GROUP_VERSION = "rempart.dev/v1alpha1";
  private static final String FIX_CRDS =
      "apply the CRDs of this version (kubectl apply --server-side -f crds/, or upgrade the Helm"
          + " chart with crds.install=true)";
  private static final String FIX_RBAC =
      "grant it in the operator's ClusterRole (upgrade the Helm chart of this version, which"
          + " renders it)";

  /** One permission: a verb on a resource (with its subresource), in a namespace or everywhere. */
  record Permission(String verb, String group, String resource, String namespace) {
    String display() {
      String what = group.isEmpty() ? resource : resource + "." + group;
      return verb + " " + what + (namespace == null ? " (all namespaces)" : " in " + namespace);
    }
  }

  private final KubernetesClient client;

  public Preflight(KubernetesClient client) {
    this.client = client;
  }

  /** Every problem found; empty when the operator can start. */
  public List<String> problems(Set<Class<? extends HasMetadata>> watched, String leaseNamespace) {
    List<String> problems = new ArrayList<>(crdProblems());
    for (Permission p : required(watched, leaseNamespace)) {
      if (!allowed(p)) {
        problems.add(
            "RBAC: the operator's ServiceAccount may not " + p.display() + ": " + FIX_RBAC + ".");
      }
    }
    return problems;
  }

  /** The CRDs missing from the API server, or older there than this operator's. */
  List<String> crdProblems() {
    APIResourceList served;
    try {
      served = client.getApiResources(GROUP_VERSION);
    } catch (KubernetesClientException e) {
      served = null;
    }
    List<String> problems = new ArrayList<>();
    for (Class<? extends HasMetadata> kind :
        List.of(SecurityBaseline.class, BaselineException.class)) {
      String plural = HasMetadata.getPlural(kind);
      boolean present =
          served != null
              && served.getResources().stream().map(APIResource::getName).anyMatch(plural::equals);
      String crd = plural + "." + HasMetadata.getGroup(kind);
      if (!present) {
        problems.add(
            "the CRD "
                + crd
                + " ("
                + GROUP_VERSION
                + ") is not installed: Rempart cannot read its "
                + HasMetadata.getKind(kind)
                + "s; "
                + FIX_CRDS
                + ".");
        continue;
      }
      Set<String> missing = missingFields(kind);
      if (!missing.isEmpty()) {
        problems.add(
            "the CRD "
                + crd
                + " installed is older than this operator: its schema lacks "
                + String.join(", ", first(missing, 5))
                + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : "")
                + ", which the API server drops from every object; "
                + FIX_CRDS
                + ".");
      }
    }
    return problems;
  }

  /**
   * The fields of this operator's CRD (packed in its jar) that the schema the API server publishes
   * lacks; empty when the published schema cannot be read (nothing to compare).
   */
  private Set<String> missingFields(Class<? extends HasMetadata> kind) {
    JsonNode published = publishedSchema(HasMetadata.getKind(kind));
    if (published == null) {
      return Set.of();
    }
    Set<String> expected = new TreeSet<>();
    fields(packedSchema(kind), "", expected);
    Set<String> present = new TreeSet<>();
    fields(published, "", present);
    expected.removeAll(present);
    return expected;
  }

  private JsonNode publishedSchema(String kind) {
    try {
      String text = client.raw("/openapi/v3/apis/" + GROUP_VERSION);
      if (text == null) {
        return null;
      }
      JsonNode schemas = new ObjectMapper().readTree(text).path("components").path("schemas");
      for (Iterator<JsonNode> it = schemas.elements(); it.hasNext(); ) {
        JsonNode schema = it.next();
        for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
          if (kind.equals(gvk.path("kind").asText())) {
            return schema;
          }
        }
      }
      return null;
    } catch (IOException | KubernetesClientException e) {
      return null; // no published schema to compare: the check is skipped, not failed
    }
  }

  private static JsonNode packedSchema(Class<? extends HasMetadata> kind) {
    String file =
        "/META-INF/fabric8/"
            + HasMetadata.getPlural(kind)
            + "."
            + HasMetadata.getGroup(kind)
            + "-v1.yml";
    try (InputStream in = Preflight.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("the operator's jar lacks " + file);
      }
      JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(in);
      return crd.at("/spec/versions/0/schema/openAPIV3Schema");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The path of every property of a schema ({@code spec.network.defaultDeny}). */
  private static void fields(JsonNode schema, String path, Set<String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
      if (!child.startsWith("metadata")) {
        out.add(child);
      }
      fields(property.getValue(), child, out);
    }
    JsonNode items = schema.path("items");
    if (items.isObject()) {
      fields(items, path + "[]", out);
    }
  }

  private static List<String> first(Set<String> all, int n) {
    return all.stream().limit(n).toList();
  }

  /**
   * What the operator does with the API: reads every watched kind (list and watch everywhere, for
   * its informers), writes its policies, the namespaces' labels, Events, its baselines' status and
   * finalizer, exceptions' status, and, under leader election, its Lease.
   */
  static List<Permission> required(
      Set<Class<? extends HasMetadata>> watched, String leaseNamespace) {
    List<Permission> all = new ArrayList<>();
    for (Class<? extends HasMetadata> type : watched) {
      String group = HasMetadata.getGroup(type);
      String plural = HasMetadata.getPlural(type);
      all.add(new Permission("list", group, plural, null));
      all.add(new Permission("watch", group, plural, null));
    }
    String np = HasMetadata.getPlural(NetworkPolicy.class);
    for (String verb : List.of("create", "patch", "delete")) {
      all.add(new Permission(verb, "networking.k8s.io", np, null));
    }
    all.add(new Permission("patch", "", HasMetadata.getPlural(Namespace.class), null));
    all.add(new Permission("create", "", "events", null));
    all.add(new Permission("patch", "", "events", null));
    all.add(new Permission("patch", "rempart.dev", "securitybaselines/status", null));
    all.add(new Permission("update", "rempart.dev", "securitybaselines/finalizers", null));
    all.add(new Permission("patch", "rempart.dev", "baselineexceptions/status", null));
    if (leaseNamespace != null) {
      for (String verb : List.of("get", "create", "update")) {
        all.add(new Permission(verb, "coordination.k8s.io", "leases", leaseNamespace));
      }
    }
    return all;
  }

  private boolean allowed(Permission p) {
    String[] parts = p.resource().split("/", 2);
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb(p.verb())
            .withGroup(p.group())
            .withResource(parts[0])
            .withSubresource(parts.length > 1 ? parts[1] : null)
            .withNamespace(p.namespace())
            .endResourceAttributes()
            .endSpec()
            .build();
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }
}
