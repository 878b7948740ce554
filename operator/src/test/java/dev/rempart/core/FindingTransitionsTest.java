package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.FindingTransition.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingTransitionsTest {
  private static final ResourceRef TEAM_A = ResourceRef.namespace("team-a");
  private static final ResourceRef TEAM_B = ResourceRef.namespace("team-b");

  private static Finding finding(String check, ResourceRef resource, String message) {
    return Finding.of("network", check, "4.4", Severity.HIGH, resource, message);
  }

  @Test
  void unchangedFindingsGiveNoTransition() {
    List<Finding> findings =
        List.of(finding("defaultDeny", TEAM_A, "no policy"), finding("egress", TEAM_A, "open"));
    assertThat(FindingTransitions.between(findings, List.copyOf(findings))).isEmpty();
  }

  @Test
  void aNewFindingOpensAndAGoneOneResolves() {
    Finding gone = finding("defaultDeny", TEAM_A, "no policy");
    Finding kept = finding("egress", TEAM_A, "open");
    Finding added = finding("defaultDeny", TEAM_B, "no policy");
    assertThat(FindingTransitions.between(List.of(gone, kept), List.of(kept, added)))
        .containsExactly(
            new FindingTransition(Kind.OPENED, added), new FindingTransition(Kind.RESOLVED, gone));
  }

  @Test
  void aFindingIsKnownByControlCheckAndResourceNotByItsMessage() {
    Finding before = finding("defaultDeny", TEAM_A, "no policy");
    Finding reworded = finding("defaultDeny", TEAM_A, "no default-deny policy");
    assertThat(FindingTransitions.between(List.of(before), List.of(reworded))).isEmpty();
    Finding otherCheck = finding("egress", TEAM_A, "no policy");
    assertThat(FindingTransitions.between(List.of(before), List.of(otherCheck)))
        .extracting(FindingTransition::kind)
        .containsExactly(Kind.OPENED, Kind.RESOLVED);
  }

  @Test
  void anExceptionGrantedExceptsAndItsExpiryOpensAgain() {
    Finding open = finding("defaultDeny", TEAM_A, "no policy");
    Finding excepted = open.withExceptedBy("legacy-app");
    assertThat(FindingTransitions.between(List.of(open), List.of(excepted)))
        .containsExactly(new FindingTransition(Kind.EXCEPTED, excepted));
    assertThat(FindingTransitions.between(List.of(excepted), List.of(open)))
        .containsExactly(new FindingTransition(Kind.OPENED, open));
    assertThat(FindingTransitions.between(List.of(), List.of(excepted)))
        .containsExactly(new FindingTransition(Kind.EXCEPTED, excepted));
    assertThat(FindingTransitions.between(List.of(excepted), List.of()))
        .containsExactly(new FindingTransition(Kind.RESOLVED, excepted));
  }

  @Test
  void twoFindingsUnderOneKeyAreOpenWhileEitherIs() {
    Finding first = finding("defaultDeny", TEAM_A, "one").withExceptedBy("x");
    Finding second = finding("defaultDeny", TEAM_A, "two");
    assertThat(FindingTransitions.between(List.of(), List.of(first, second)))
        .containsExactly(new FindingTransition(Kind.OPENED, second));
  }
}
