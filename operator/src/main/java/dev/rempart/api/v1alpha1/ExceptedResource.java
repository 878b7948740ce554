package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An object, or a family of objects by name prefix, that an exception covers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExceptedResource {
  @JsonPropertyDescription("The object's kind (Deployment, NetworkPolicy, Namespace, ...).")
  @Required
  @Pattern("^[A-Z][A-Za-z0-9]*$")
  @Size(max = 63)
  private String kind;

  @JsonPropertyDescription(
      "The object's name; a * at the end (and nowhere else) matches every name that starts"
          + " with what precedes it (legacy-*), a lone * every name.")
  @Required
  @Pattern("^([^/%*]+[*]?|[*])$")
  @Size(min = 1, max = 253)
  private String name;

  public ExceptedResource() {}

  public ExceptedResource(String kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** True when the given kind and name are covered. */
  public boolean matches(String otherKind, String otherName) {
    if (!kind.equals(otherKind) || otherName == null) {
      return false;
    }
    return name.endsWith("*")
        ? otherName.startsWith(name.substring(0, name.length() - 1))
        : name.equals(otherName);
  }
}
