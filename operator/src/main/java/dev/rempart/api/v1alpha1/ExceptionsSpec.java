package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How long the BaselineExceptions of a baseline may last. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExceptionsSpec {
  public static final int DEFAULT_MAX_DAYS = 90;

  @JsonPropertyDescription(
      "The longest an exception may last, in days from its creation to its expiresAt (default"
          + " 90). An exception that asks for longer is Invalid and not honoured.")
  @Default("90")
  @Min(1)
  @Max(3650)
  private Integer maxDays;

  public Integer getMaxDays() {
    return maxDays;
  }

  public void setMaxDays(Integer maxDays) {
    this.maxDays = maxDays;
  }

  /** The maximum, with the default when unset. */
  public int effectiveMaxDays() {
    return maxDays == null ? DEFAULT_MAX_DAYS : maxDays;
  }
}
