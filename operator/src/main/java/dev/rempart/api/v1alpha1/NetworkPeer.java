package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** A peer allowed by the baseline, as in a NetworkPolicy rule, with the ports it may use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.namespaceSelector) || has(self.podSelector) || has(self.ipBlock)",
    message = "a peer needs a namespaceSelector, a podSelector or an ipBlock")
@ValidationRule(
    value = "!has(self.ipBlock) || !(has(self.namespaceSelector) || has(self.podSelector))",
    message = "an ipBlock cannot be combined with a namespaceSelector or a podSelector")
public class NetworkPeer {
  @JsonPropertyDescription("Namespaces whose pods are the peer.")
  private LabelSelector namespaceSelector;

  @JsonPropertyDescription(
      "Pods that are the peer: in the governed namespace itself, or in the namespaces that"
          + " namespaceSelector selects.")
  private LabelSelector podSelector;

  @JsonPropertyDescription("An IP range that is the peer.")
  private IpBlock ipBlock;

  @JsonPropertyDescription("The ports allowed; every port when empty.")
  @Size(max = 32)
  private List<PeerPort> ports;

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public LabelSelector getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(LabelSelector podSelector) {
    this.podSelector = podSelector;
  }

  public IpBlock getIpBlock() {
    return ipBlock;
  }

  public void setIpBlock(IpBlock ipBlock) {
    this.ipBlock = ipBlock;
  }

  public List<PeerPort> getPorts() {
    return ports;
  }

  public void setPorts(List<PeerPort> ports) {
    this.ports = ports;
  }
}
