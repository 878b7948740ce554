package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What Rempart remembers of one vulnerability in one image repository. Times are RFC 3339 strings,
 * as Kubernetes writes them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FirstSeenEntry {
  @JsonPropertyDescription("The image repository, with its registry: ghcr.io/org/app.")
  private String repository;

  @JsonPropertyDescription("The vulnerability: CVE-2024-1234, GHSA-..., ...")
  private String vulnerabilityID;

  @JsonPropertyDescription("The package that holds it.")
  private String resource;

  @JsonPropertyDescription("When Rempart first saw it in any image of the repository.")
  private String firstSeen;

  @JsonPropertyDescription("When its current (or last) open period began.")
  private String openSince;

  @JsonPropertyDescription("Seconds it was open in earlier periods, before it last went away.")
  private Long priorOpenSeconds;

  @JsonPropertyDescription(
      "When it went from every image of the repository; absent while some image still has it.")
  private String closedAt;

  public FirstSeenEntry() {}

  public FirstSeenEntry(
      String repository,
      String vulnerabilityID,
      String resource,
      String firstSeen,
      String openSince,
      Long priorOpenSeconds,
      String closedAt) {
    this.repository = repository;
    this.vulnerabilityID = vulnerabilityID;
    this.resource = resource;
    this.firstSeen = firstSeen;
    this.openSince = openSince;
    this.priorOpenSeconds = priorOpenSeconds;
    this.closedAt = closedAt;
  }

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public String getVulnerabilityID() {
    return vulnerabilityID;
  }

  public void setVulnerabilityID(String vulnerabilityID) {
    this.vulnerabilityID = vulnerabilityID;
  }

  public String getResource() {
    return resource;
  }

  public void setResource(String resource) {
    this.resource = resource;
  }

  public String getFirstSeen() {
    return firstSeen;
  }

  public void setFirstSeen(String firstSeen) {
    this.firstSeen = firstSeen;
  }

  public String getOpenSince() {
    return openSince;
  }

  public void setOpenSince(String openSince) {
    this.openSince = openSince;
  }

  public Long getPriorOpenSeconds() {
    return priorOpenSeconds;
  }

  public void setPriorOpenSeconds(Long priorOpenSeconds) {
    this.priorOpenSeconds = priorOpenSeconds;
  }

  public String getClosedAt() {
    return closedAt;
  }

  public void setClosedAt(String closedAt) {
    this.closedAt = closedAt;
  }
}
