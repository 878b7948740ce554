package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** An IP range, as in a NetworkPolicy's {@code ipBlock}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IpBlock {
  @JsonPropertyDescription("The range, in CIDR notation (10.0.0.0/8, 2001:db8::/32).")
  @Required
  @Size(max = 49)
  @ValidationRule(value = "isCIDR(self)", message = "cidr must be an IP range in CIDR notation")
  private String cidr;

  @JsonPropertyDescription("Ranges inside cidr that are not part of the peer.")
  @Size(max = 32)
  @ValidationRule(
      value = "self.all(c, isCIDR(c))",
      message = "every except entry must be an IP range in CIDR notation")
  private List<@Size(max = 49) String> except;

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public List<String> getExcept() {
    return except;
  }

  public void setExcept(List<String> except) {
    this.except = except;
  }
}
