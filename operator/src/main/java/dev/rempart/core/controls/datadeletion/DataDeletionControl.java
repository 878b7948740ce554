package dev.rempart.core.controls.datadeletion;

import dev.rempart.api.storage.VolumeSnapshot;
import dev.rempart.api.storage.VolumeSnapshotContent;
import dev.rempart.api.v1alpha1.DataDeletionSpec;
import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.Control;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import dev.rempart.core.Removal;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.controls.accesscontrol.AnnotationDates;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;

/**
 * Clause 8.2 (customer data deleted after the termination of the contract plus the recovery
 * period), per governed namespace marked offboarded (see {@link Offboarding}):
 *
 * <ul>
 *   <li>before its due date (offboarding plus {@code recoveryPeriodDays}): compliant evidence
 *       naming the due date; the baseline is evaluated again at that instant;
 *   <li>past it, with data left ({@link NamespaceData}): {@code dueForDeletion} (high), naming what
 *       remains (counts, and at most {@value #LISTED} names per kind); in Enforce with {@code
 *       deleteData}, a {@link Removal} of each object, whose record names it without its content;
 *   <li>Retain volumes and snapshot contents of the namespace: {@code retainedData} (high), since
 *       they survive the deletion of their claims and snapshots; removed only with {@code
 *       deleteRetainedData} as well;
 *   <li>past it with nothing left: compliant evidence;
 *   <li>an unreadable date: {@code offboardingDateMalformed} (medium), never a deletion.
 * </ul>
 *
 * <p>The Namespace itself is never deleted: its deletion would take with it objects no finding
 * listed and no record names, and the offboarding mark with it. Nothing outside the namespace is
 * ever asked for, except the retained objects that name one of its claims or snapshots.
 */
public final class DataDeletionControl implements Control {
  public static final String NAME = "dataDeletion";
  public static final String CLAUSE = "8.2";
  static final String CHECK_DUE = "dueForDeletion";
  static final String CHECK_RETAINED = "retainedData";
  static final String CHECK_MALFORMED = "offboardingDateMalformed";
  static final String CHECK_OFFBOARDED = "offboardedNamespace";
  static final int LISTED = 5;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String clauses() {
    return "8.1, 8.2";
  }

  @Override
  public Optional<DataDeletionSpec> section(SecurityBaselineSpec spec) {
    return Optional.ofNullable(spec.getDataDeletion());
  }

  @Override
  public List<Class<? extends HasMetadata>> inputs() {
    return List.of(
        PersistentVolumeClaim.class,
        PersistentVolume.class,
        Secret.class,
        ConfigMap.class,
        VolumeSnapshot.class,
        VolumeSnapshotContent.class);
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    return List.of();
  }

  @Override
  public void evaluateNamespace(ControlContext context, Namespace ns, ControlResult.Builder out) {
    DataDeletionSpec spec = context.baseline().getSpec().getDataDeletion();
    Optional<Offboarding> mark = Offboarding.of(ns, spec);
    if (mark.isEmpty()) {
      return;
    }
    String namespace = ns.getMetadata().getName();
    ResourceRef ref = ResourceRef.namespace(namespace);
    Offboarding offboarding = mark.get();
    if (!offboarding.readable()) {
      out.finding(
          Finding.of(
              NAME,
              CHECK_MALFORMED,
              CLAUSE,
              Severity.MEDIUM,
              ref,
              "Namespace "
                  + namespace
                  + " is marked offboarded ("
                  + offboarding.key()
                  + ": \""
                  + offboarding.text()
                  + "\") but the value is not a date (YYYY-MM-DD or RFC 3339), so its data never"
                  + " falls due for deletion. Write the end of the contract, e.g. kubectl annotate"
                  + " namespace "
                  + namespace
                  + " "
                  + offboarding.key()
                  + "=2026-01-31 --overwrite."));
      return;
    }
    String when =
        "offboarded on "
            + AnnotationDates.day(offboarding.offboardedAt())
            + ", due for deletion on "
            + AnnotationDates.day(offboarding.dueAt())
            + " ("
            + spec.effectiveRecoveryPeriodDays()
            + "-day recovery period)";
    if (!offboarding.isDue(context.now())) {
      out.revisitAt(offboarding.dueAt());
      out.evidence(
          evidence(
              Evidence.Status.COMPLIANT,
              ref,
              "Namespace " + namespace + " " + when + ": within its recovery period."));
      return;
    }
    NamespaceData remaining = NamespaceData.of(context.snapshot(), namespace);
    if (remaining.isEmpty()) {
      out.evidence(
          evidence(
              Evidence.Status.COMPLIANT,
              ref,
              "Namespace "
                  + namespace
                  + " "
                  + when
                  + ": no claim, Secret, ConfigMap, VolumeSnapshot or retained volume of it"
                  + " remains."
                  + snapshotsNote(context)));
      return;
    }
    out.evidence(
        evidence(
            Evidence.Status.NON_COMPLIANT,
            ref,
            "Namespace "
                + namespace
                + " "
                + when
                + ": "
                + DataListing.summary(remaining)
                + "."
                + snapshotsNote(context)));
    boolean delete = context.mode() == Mode.Enforce && spec.effectiveDeleteData();
    if (!remaining.data().isEmpty()) {
      dueForDeletion(namespace, when, remaining.data(), delete, out);
    }
    if (!remaining.retained().isEmpty()) {
      retained(namespace, remaining.retained(), delete && spec.effectiveDeleteRetainedData(), out);
    }
  }

  private static void dueForDeletion(
      String namespace,
      String when,
      List<HasMetadata> data,
      boolean delete,
      ControlResult.Builder out) {
    String reason = "namespace " + namespace + " " + when;
    if (delete) {
      for (HasMetadata object : data) {
        if (object.getMetadata().getDeletionTimestamp() != null) {
          continue; // already being deleted (a claim waits for its pods to go)
        }
        out.removal(Removal.ofData(NAME, CLAUSE, object, reason));
      }
    }
    out.finding(
        Finding.of(
            NAME,
            CHECK_DUE,
            CLAUSE,
            Severity.HIGH,
            ResourceRef.namespace(namespace),
            "Namespace "
                + namespace
                + " was "
                + when
                + ", and still holds "
                + DataListing.describe(data)
                + (delete
                    ? ". Rempart deletes them (deleteData), each after a server-side dry run, and"
                        + " records each deletion."
                    : ". Delete them (kubectl delete -n "
                        + namespace
                        + " pvc,secret,configmap,volumesnapshot --all), or let Rempart do it in"
                        + " Enforce with dataDeletion.deleteData: true.")));
  }

  private static void retained(
      String namespace, List<HasMetadata> retained, boolean delete, ControlResult.Builder out) {
    if (delete) {
      for (HasMetadata object : retained) {
        if (object.getMetadata().getDeletionTimestamp() != null) {
          continue;
        }
        out.removal(
            Removal.ofData(
                NAME,
                CLAUSE,
                object,
                "retains data of namespace " + namespace + ", which is due for deletion"));
      }
    }
    out.finding(
        Finding.of(
            NAME,
            CHECK_RETAINED,
            CLAUSE,
            Severity.HIGH,
            ResourceRef.namespace(namespace),
            "Namespace "
                + namespace
                + " is due for deletion, and "
                + DataListing.describe(retained)
                + " keep its data after its claims and snapshots are deleted (reclaim or deletion"
                + " policy Retain)"
                + (delete
                    ? ". Rempart deletes them (deleteRetainedData), each after a server-side dry"
                        + " run, and records each deletion."
                    : ". Delete them once no copy is needed, or let Rempart do it with"
                        + " dataDeletion.deleteRetainedData: true (with deleteData, in"
                        + " Enforce).")));
  }

  /**
   * Said when the cluster cannot have snapshots, so that none listed is not taken for none read.
   */
  private static String snapshotsNote(ControlContext context) {
    return context.snapshot().isServed(VolumeSnapshot.class)
        ? ""
        : " The API server does not serve "
            + VolumeSnapshot.API_VERSION
            + " (the CSI snapshot CRDs are not installed): the cluster has no VolumeSnapshots.";
  }

  private static Evidence evidence(Evidence.Status status, ResourceRef ref, String reason) {
    return new Evidence(NAME, CHECK_OFFBOARDED, CLAUSE, status, ref, reason);
  }
}
