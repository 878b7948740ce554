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
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
    List<Workload> top = new ArrayList<>();
    for (HasMetadata object : all) {
      if (controllerPresent(object, snapshot)) {
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
    return template(object).map(PodTemplateSpec::getSpec).orElse(null);
  }

  /**
   * The pod template of a workload controller (Deployment, StatefulSet, DaemonSet, ReplicaSet,
   * ReplicationController, Job, CronJob), when it has one with a spec.
   */
  public static Optional<PodTemplateSpec> template(HasMetadata object) {
    PodTemplateSpec template = null;
    if (object instanceof Deployment d && d.getSpec() != null) {
      template = d.getSpec().getTemplate();
    } else if (object instanceof StatefulSet s && s.getSpec() != null) {
      template = s.getSpec().getTemplate();
    } else if (object instanceof DaemonSet d && d.getSpec() != null) {
      template = d.getSpec().getTemplate();
    } else if (object instanceof ReplicaSet r && r.getSpec() != null) {
      template = r.getSpec().getTemplate();
    } else if (object instanceof ReplicationController r && r.getSpec() != null) {
      template = r.getSpec().getTemplate();
    } else if (object instanceof Job j && j.getSpec() != null) {
      template = j.getSpec().getTemplate();
    } else if (object instanceof CronJob c
        && c.getSpec() != null
        && c.getSpec().getJobTemplate() != null
        && c.getSpec().getJobTemplate().getSpec() != null) {
      template = c.getSpec().getJobTemplate().getSpec().getTemplate();
    }
    // A controller without a template (a ReplicationController may have none) has nothing to run.
    return Optional.ofNullable(template).filter(t -> t.getSpec() != null);
  }

  /**
   * True when the object's controller (the owner reference marked {@code controller: true}) is
   * itself in the snapshot, so that the controller is the one to evaluate and report.
   */
  public static boolean controllerPresent(HasMetadata object, Snapshot snapshot) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    if (owners == null) {
      return false;
    }
    String namespace = object.getMetadata().getNamespace();
    for (OwnerReference owner : owners) {
      // A null entry (a file may hold one; the API server never does) names no controller.
      if (owner == null || !Boolean.TRUE.equals(owner.getController())) {
        continue;
      }
      for (Class<? extends HasMetadata> kind : KINDS) {
        if (!HasMetadata.getKind(kind).equals(owner.getKind())) {
          continue;
        }
        Optional<? extends HasMetadata> found = snapshot.find(kind, namespace, owner.getName());
        if (found.isPresent() && sameUid(owner, found.get())) {
          return true;
        }
      }
    }
    return false;
  }

  // Objects read from files often have no uid: then the name decides.
  private static boolean sameUid(OwnerReference owner, HasMetadata found) {
    String uid = found.getMetadata().getUid();
    return owner.getUid() == null || uid == null || Objects.equals(owner.getUid(), uid);
  }
}
