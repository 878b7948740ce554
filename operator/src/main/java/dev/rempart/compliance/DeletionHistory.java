package dev.rempart.compliance;

import dev.rempart.core.Evidence;
import dev.rempart.core.ResourceRef;
import dev.rempart.record.EventType;
import dev.rempart.record.MalformedLineException;
import dev.rempart.record.RecordEntry;
import dev.rempart.record.RecordLines;
import dev.rempart.record.RecordVerifier;
import dev.rempart.record.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dataDeletion control deleted, and when, as Rempart's record says: the baseline's status
 * and the cluster only show what is left, so the "when" of clause 8 comes from the record, whose
 * chain is verified as it is read. A copy that does not verify is still listed, with a note saying
 * so: the reader decides what it is worth.
 *
 * @param deletions one evidence line per deleted object, in the record's order
 * @param note where the list comes from and whether the chain verified
 */
public record DeletionHistory(List<Evidence> deletions, String note) {
  static final String CONTROL = "dataDeletion";
  static final String CHECK = "deleted";

  public DeletionHistory {
    deletions = List.copyOf(deletions);
  }

  /**
   * Reads a copy of the record.
   *
   * @param source how to name the copy ({@code record.jsonl})
   * @param lines its lines
   */
  public static DeletionHistory read(String source, List<String> lines) {
    RecordVerifier verifier = new RecordVerifier(List.of(), true);
    List<Evidence> deletions = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      verifier.line(source + ":" + (i + 1), line);
      deletion(line).ifPresent(deletions::add);
    }
    Verification verification = verifier.finish();
    String integrity =
        verification.intact()
            ? "its chain of "
                + verification.entries()
                + " entries verifies (rempart record verify gives the details)"
            : "ITS CHAIN DOES NOT VERIFY ("
                + verification.firstProblem().orElseThrow()
                + "): the list may not be what Rempart recorded";
    return new DeletionHistory(
        deletions,
        "Clause 8's deletions (when, what, by which baseline) are read from the record copy "
            + source
            + ": "
            + deletions.size()
            + (deletions.size() == 1 ? " deletion; " : " deletions; ")
            + integrity
            + ".");
  }

  private static Optional<Evidence> deletion(String line) {
    RecordEntry entry;
    try {
      Optional<RecordEntry> parsed = RecordLines.entryIn(line);
      if (parsed.isEmpty()) {
        return Optional.empty();
      }
      entry = parsed.get();
    } catch (MalformedLineException e) {
      return Optional.empty(); // the verifier reports it
    }
    if (entry.type() != EventType.OBJECT_REMOVED
        || !CONTROL.equals(entry.detail().get("control"))
        || entry.object() == null) {
      return Optional.empty();
    }
    var object = entry.object();
    return Optional.of(
        new Evidence(
            CONTROL,
            CHECK,
            entry.clause() == null ? "8.2" : entry.clause(),
            Evidence.Status.COMPLIANT,
            new ResourceRef(object.apiVersion(), object.kind(), object.namespace(), object.name()),
            "Deleted at "
                + entry.time()
                + " by baseline "
                + entry.baseline()
                + " (record entry "
                + entry.seq()
                + "): "
                + entry.detail().getOrDefault("reason", "no reason recorded")
                + "."));
  }

  /**
   * The clauses with the deletions added to the dataDeletion control's evidence of the clause they
   * cite; a clause's status is unchanged (a deletion done is no proof that nothing remains).
   */
  List<ClauseAssessment> addTo(List<ClauseAssessment> clauses) {
    List<ClauseAssessment> out = new ArrayList<>();
    for (ClauseAssessment clause : clauses) {
      List<Evidence> cited =
          deletions.stream().filter(d -> clause.clause().isCitedBy(d.clause())).toList();
      if (cited.isEmpty()) {
        out.add(clause);
        continue;
      }
      List<ControlEvidence> evidence = new ArrayList<>();
      for (ControlEvidence e : clause.evidence()) {
        if (!e.control().equals(CONTROL)) {
          evidence.add(e);
          continue;
        }
        List<Evidence> records = new ArrayList<>(e.records());
        records.addAll(cited);
        evidence.add(
            new ControlEvidence(
                e.control(),
                e.mode(),
                e.status(),
                e.reason(),
                e.examinedByKind(),
                e.namespaces(),
                e.findings(),
                records));
      }
      out.add(new ClauseAssessment(clause.clause(), clause.status(), clause.reason(), evidence));
    }
    return out;
  }
}
