package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.ClauseCatalog.Clause;
import dev.rempart.core.ClauseCatalog.Scope;
import dev.rempart.core.admission.AdmissionControl;
import dev.rempart.core.controls.network.NetworkControl;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClauseCatalogTest {
  @Test
  void everyControlOfThisBuildEvidencesAClauseOfTheCatalogue() {
    // A control that no clause names would never appear in a report.
    for (Control control : ControlCatalog.all()) {
      for (String clause : control.clauses().split(",")) {
        assertThat(ClauseCatalog.cited(clause.trim()))
            .as("clause %s of control %s", clause, control.name())
            .isPresent();
      }
      if (control.name().equals(AdmissionControl.NAME)) {
        // Prevention only: it makes no findings, so no clause is assessed on its evidence; the
        // clauses it prevents breaches of are assessed on the controls that report them.
        continue;
      }
      assertThat(ClauseCatalog.all())
          .as("a clause evidenced by the %s control", control.name())
          .anyMatch(c -> c.controls().contains(control.name()));
    }
  }

  @Test
  void clause44IsTheNetworkControl() {
    Clause c = ClauseCatalog.cited(NetworkControl.CLAUSE).orElseThrow();
    assertThat(c.number()).isEqualTo("4.4");
    assertThat(c.controls()).containsExactly(NetworkControl.NAME);
    assertThat(c.scope()).isEqualTo(Scope.CLUSTER);
  }

  @Test
  void theClauseMapOfTheDocsIsComplete() {
    // docs/clauses.md: the table's rows, then the clauses said to be out of scope.
    List<String> rows =
        List.of(
            "3.1", "4.1", "4.3", "4.4", "4.5", "4.6", "4.7.3", "5.4", "5.7", "7.1", "8.1", "9.2");
    List<String> outOfScope = List.of("1", "2.1", "4.2", "5.1", "5.2", "5.3", "6.1", "6.2");
    for (String n : rows) {
      assertThat(ClauseCatalog.cited(n))
          .as(n)
          .get()
          .extracting(Clause::scope)
          .isNotEqualTo(Scope.OUT_OF_SCOPE);
    }
    for (String n : outOfScope) {
      assertThat(ClauseCatalog.cited(n))
          .as(n)
          .get()
          .extracting(Clause::scope)
          .isEqualTo(Scope.OUT_OF_SCOPE);
    }
    assertThat(ClauseCatalog.cited("7.2")).isEqualTo(ClauseCatalog.cited("7.1"));
  }

  @Test
  void aFindingMayCiteSeveralClauses() {
    Clause c54 = ClauseCatalog.cited("5.4").orElseThrow();
    assertThat(c54.isCitedBy("4.1, 5.4")).isTrue();
    assertThat(c54.isCitedBy("5.41")).isFalse();
    assertThat(c54.isCitedBy(null)).isFalse();
  }
}
