package dev.rempart.core.controls.environments;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressIsolationTest {
  private static final String LABEL = "env";

  @Test
  void matchLabelsOnTheEnvironmentRequireIt() {
    LabelSelector s =
        new LabelSelectorBuilder().withMatchLabels(Map.of(LABEL, "prod", "team", "a")).build();
    assertThat(IngressIsolation.requiresEnvironment(s, LABEL, "prod")).isTrue();
    assertThat(IngressIsolation.requiresEnvironment(s, LABEL, "dev")).isFalse();
  }

  @Test
  void anInExpressionRequiresItOnlyWhenItNamesNothingElse() {
    assertThat(IngressIsolation.requiresEnvironment(in("prod"), LABEL, "prod")).isTrue();
    assertThat(IngressIsolation.requiresEnvironment(in("prod", "staging"), LABEL, "prod"))
        .isFalse();
    LabelSelector notIn =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey(LABEL)
            .withOperator("NotIn")
            .withValues("dev")
            .endMatchExpression()
            .build();
    assertThat(IngressIsolation.requiresEnvironment(notIn, LABEL, "prod")).isFalse();
  }

  @Test
  void anEmptySelectorRequiresNothing() {
    assertThat(IngressIsolation.requiresEnvironment(new LabelSelector(), LABEL, "prod")).isFalse();
  }

  private static LabelSelector in(String... values) {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(LABEL)
        .withOperator("In")
        .withValues(values)
        .endMatchExpression()
        .build();
  }
}
