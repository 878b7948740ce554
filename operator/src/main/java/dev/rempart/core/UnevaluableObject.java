package dev.rempart.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One object a control could not evaluate (a shape it does not handle: a list holding a null, a
 * field the typed model reads as empty that the control expected): a finding naming that object,
 * and the control goes on with the namespace's other objects. A failure not tied to one object
 * still costs the control the whole partition ({@link UnevaluablePartition}).
 */
public final class UnevaluableObject {
  /** The same check as a whole partition's failure: both mean "not evaluated". */
  public static final String CHECK = UnevaluablePartition.CHECK;

  private UnevaluableObject() {}

  /**
   * Evaluates each object on its own into {@code out}: what one object's evaluation added before it
   * failed is dropped, and the object is reported as unevaluable instead.
   */
  public static <T extends HasMetadata> void each(
      String control,
      String clauses,
      Iterable<T> objects,
      ControlResult.Builder out,
      BiConsumer<T, ControlResult.Builder> evaluation) {
    each(control, clauses, objects, ResourceRef::of, out, evaluation);
  }

  /** {@link #each}, for things that name their object through {@code ref}. */
  public static <T> void each(
      String control,
      String clauses,
      Iterable<T> items,
      Function<T, ResourceRef> ref,
      ControlResult.Builder out,
      BiConsumer<T, ControlResult.Builder> evaluation) {
    for (T item : items) {
      ControlResult.Builder part = ControlResult.builder();
      try {
        evaluation.accept(item, part);
        out.include(part.build());
      } catch (RuntimeException e) {
        out.finding(finding(control, clauses, ref.apply(item), e));
      }
    }
  }

  /**
   * The objects a per-object reading ({@code probe}) succeeds on; each one it fails on is reported
   * as unevaluable and left out, so that what the control concludes from the others still holds.
   */
  public static <T extends HasMetadata> List<T> evaluable(
      String control,
      String clauses,
      List<T> objects,
      ControlResult.Builder out,
      Consumer<T> probe) {
    List<T> readable = new ArrayList<>(objects.size());
    for (T object : objects) {
      try {
        probe.accept(object);
        readable.add(object);
      } catch (RuntimeException e) {
        out.finding(finding(control, clauses, ResourceRef.of(object), e));
      }
    }
    return readable.size() == objects.size() ? objects : readable;
  }

  static Finding finding(String control, String clauses, ResourceRef ref, RuntimeException e) {
    return Finding.of(
        control,
        CHECK,
        clauses,
        Severity.HIGH,
        ref,
        "The "
            + control
            + " control could not evaluate "
            + ref.display()
            + ": it has a shape the control does not handle ("
            + UnevaluablePartition.describe(e)
            + "). What this control checks on it is unknown; the namespace's other objects and"
            + " the rest of the baseline were evaluated. Please report it to Rempart with this"
            + " object.");
  }
}
