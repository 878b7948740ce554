package dev.rempart.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The pod specs a namespace runs, each named by the object a person would change: a Deployment
 * rather than its ReplicaSets and Pods. An object whose controller (its owner reference with {@code
 * controller: true}) is itself a workload in the snapshot is left out, so a finding is reported
 * once, on the template that makes the pods. A Pod or ReplicaSet whose controller is not visible (a
 * custom resource, or nothing) is reported itself.
 */
public final class Workloads {
  /** The kinds read, most general first: a control that uses this class lists them as inputs. */
  public static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          Deployment.class,
          StatefulSet.class,
          DaemonSet.class,
          ReplicaSet.class,
          ReplicationController.class,
          CronJob.class,
          Job.class,
          Pod.class);

  private Workloads() {}

  /**
   * One workload.
   *
   * @param object the Deployment, Pod, ... as read
   * @param podSpec the spec of the pods it runs (never null)
   */
  public record Workload(HasMetadata object, PodSpec podSpec) {
    public ResourceRef ref() {
      return ResourceRef.of(object);
    }

    /** {@code Deployment shop/api}. */
    public String display() {
      return ref().display();
    }
  }

  /** The top-level workloads of one namespace, in {@link #KINDS} order, then by name. */
  public static List<Workload> inNamespace(Snapshot snapshot, String namespace) {
    List<HasMetadata> all = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      all.addAll(snapshot.inNamespace(kind, namespace));
    }
    Set<String> present = new HashSet<>();
    all.forEach(o -> present.add(key(o.getKind(), o.getMetadata().getName())));
    List<Workload> top = new ArrayList<>();
    for (HasMetadata object : all) {
      OwnerReference controller = controllerOf(object);
      if (controller != null && present.contains(key(controller.getKind(), controller.getName()))) {
        continue;
      }
      PodSpec spec = podSpec(object);
      if (spec != null) {
        top.add(new Workload(object, spec));
      }
    }
    top.sort(
        (a, b) -> {
          int byKind =
              Integer.compare(
                  KINDS.indexOf(a.object().getClass()), KINDS.indexOf(b.object().getClass()));
          return byKind != 0
              ? byKind
              : a.object().getMetadata().getName().compareTo(b.object().getMetadata().getName());
        });
    return top;
  }

  /** The pod spec an object runs, or null when it has none (yet). */
  static PodSpec podSpec(HasMetadata object) {
    if (object instanceof Pod pod) {
      return pod.getSpec();
    }
    if (object instanceof Deployment d && d.getSpec() != null) {
      return spec(d.getSpec().getTemplate());
    }
    if (object instanceof StatefulSet s && s.getSpec() != null) {
      return spec(s.getSpec().getTemplate());
    }
    if (object instanceof DaemonSet d && d.getSpec() != null) {
      return spec(d.getSpec().getTemplate());
    }
    if (object instanceof ReplicaSet r && r.getSpec() != null) {
      return spec(r.getSpec().getTemplate());
    }
    if (object instanceof ReplicationController r && r.getSpec() != null) {
      return spec(r.getSpec().getTemplate());
    }
    if (object instanceof Job j && j.getSpec() != null) {
      return spec(j.getSpec().getTemplate());
    }
    if (object instanceof CronJob c
        && c.getSpec() != null
        && c.getSpec().getJobTemplate() != null
        && c.getSpec().getJobTemplate().getSpec() != null) {
      return spec(c.getSpec().getJobTemplate().getSpec().getTemplate());
    }
    return null;
  }

  private static PodSpec spec(PodTemplateSpec template) {
    return template == null ? null : template.getSpec();
  }

  private static OwnerReference controllerOf(HasMetadata object) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    if (owners == null) {
      return null;
    }
    return owners.stream()
        .filter(o -> Objects.equals(o.getController(), Boolean.TRUE))
        .findFirst()
        .orElse(null);
  }

  private static String key(String kind, String name) {
    return kind + "/" + name;
  }
}
