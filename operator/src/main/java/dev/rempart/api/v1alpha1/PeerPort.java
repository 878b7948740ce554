package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** A port allowed to or from a peer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.endPort) || (has(self.port) && type(self.port) == int && self.endPort >= self.port)",
    message = "endPort needs a numeric port and must not be below it")
public class PeerPort {
  @JsonPropertyDescription("TCP (default), UDP or SCTP.")
  private Protocol protocol;

  @JsonPropertyDescription(
      "A port number (1-65535) or a named container port; the API server checks it when Rempart"
          + " applies the policy (CEL cannot afford to check an int-or-string in every peer).")
  private IntOrString port;

  @JsonPropertyDescription("The last port of a range that starts at port.")
  @Min(1)
  @Max(65535)
  private Integer endPort;

  /** The transport protocols a NetworkPolicy port may name. */
  public enum Protocol {
    TCP,
    UDP,
    SCTP
  }

  public Protocol getProtocol() {
    return protocol;
  }

  public void setProtocol(Protocol protocol) {
    this.protocol = protocol;
  }

  public IntOrString getPort() {
    return port;
  }

  public void setPort(IntOrString port) {
    this.port = port;
  }

  public Integer getEndPort() {
    return endPort;
  }

  public void setEndPort(Integer endPort) {
    this.endPort = endPort;
  }
}
