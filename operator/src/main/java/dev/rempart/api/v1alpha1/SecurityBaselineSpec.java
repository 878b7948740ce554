package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * What the governed namespaces must look like. Each control is one optional section: a section that
 * is absent is not evaluated.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecurityBaselineSpec {
  public static final List<String> DEFAULT_EXCLUDED_NAMESPACES =
      List.of("kube-system", "kube-public", "kube-node-lease");
  public static final String DEFAULT_ENVIRONMENT_LABEL = "rempart.dev/environment";

  @JsonPropertyDescription(
      "Audit (default) only reports drift; Enforce makes the governed namespaces match the"
          + " baseline and keeps them so. A control section may override it with its own mode.")
  @Default("Audit")
  private Mode mode;

  @JsonPropertyDescription(
      "The governed namespaces: a standard label selector over Namespace labels. An empty"
          + " selector ({}) governs every namespace that is not excluded.")
  @Required
  private NamespaceSelector namespaceSelector;

  @JsonPropertyDescription(
      "Namespaces never governed, whatever their labels. Defaults to kube-system, kube-public"
          + " and kube-node-lease.")
  @Size(max = 256)
  private List<@Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") @Size(max = 63) String>
      excludedNamespaces;

  @JsonPropertyDescription(
      "Ignore (default) leaves namespaces the selector does not match alone; Report makes each"
          + " of them (except the excluded ones) a finding, so that a namespace cannot escape the"
          + " baseline by losing a label.")
  @Default("Ignore")
  private UngovernedNamespaces ungovernedNamespaces;

  @JsonPropertyDescription(
      "The Namespace label that names a namespace's environment (production, staging, ...).")
  @Pattern(
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
  @Size(max = 316)
  private String environmentLabel;

  @JsonPropertyDescription(
      "Clause 4.4: deny all network traffic by default, allow only what is declared.")
  private NetworkSpec network;

  @JsonPropertyDescription(
      "Clause 4.5: Pod Security Standards on every workload, PSA labels on governed namespaces,"
          + " immutable images, no unused service-account tokens, no NodePort Services.")
  private PodSecuritySpec podSecurity;

  @JsonPropertyDescription(
      "Clause 4.3: every governed namespace names its environment; production is kept apart"
          + " from development and test.")
  private EnvironmentsSpec environments;

  @JsonPropertyDescription(
      "Clause 3.1: data encrypted at rest (StorageClasses, Secrets) and TLS in transit"
          + " (Ingress, load balancers, minimum TLS version).")
  private EncryptionSpec encryption;

  @JsonPropertyDescription(
      "Clauses 4.1, 5.4 and 9.2: least-privilege RBAC, periodic access reviews and time-bound"
          + " access.")
  private AccessControlSpec accessControl;

  @JsonPropertyDescription(
      "Clause 4.6: the API server's audit log and Rempart's own record kept at least a year.")
  private AuditLoggingSpec auditLogging;

  @JsonPropertyDescription(
      "Clauses 8.1 and 8.2: the data of offboarded namespaces deleted after the recovery"
          + " period.")
  private DataDeletionSpec dataDeletion;

  @JsonPropertyDescription(
      "How BaselineExceptions to this baseline are bounded (maxDays, default 90).")
  private ExceptionsSpec exceptions;

  @JsonPropertyDescription(
      "Prevention: the checks admission can decide, compiled to ValidatingAdmissionPolicies"
          + " (one per group of kinds, no webhook), and the objects Rempart manages protected from"
          + " edits. Absent (default): nothing is installed.")
  private AdmissionSpec admission;

  @JsonPropertyDescription(
      "Clause 4.7.3: vulnerabilities (from Trivy Operator's VulnerabilityReports) fixed within"
          + " their SLA: critical and high 30 days, medium 90. Audit only.")
  private VulnerabilitiesSpec vulnerabilities;

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public NamespaceSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(NamespaceSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public List<String> getExcludedNamespaces() {
    return excludedNamespaces;
  }

  public void setExcludedNamespaces(List<String> excludedNamespaces) {
    this.excludedNamespaces = excludedNamespaces;
  }

  public UngovernedNamespaces getUngovernedNamespaces() {
    return ungovernedNamespaces;
  }

  public void setUngovernedNamespaces(UngovernedNamespaces ungovernedNamespaces) {
    this.ungovernedNamespaces = ungovernedNamespaces;
  }

  /** True when a namespace the selector leaves out is itself a finding. */
  public boolean reportsUngovernedNamespaces() {
    return ungovernedNamespaces == UngovernedNamespaces.Report;
  }

  public String getEnvironmentLabel() {
    return environmentLabel;
  }

  public void setEnvironmentLabel(String environmentLabel) {
    this.environmentLabel = environmentLabel;
  }

  public NetworkSpec getNetwork() {
    return network;
  }

  public void setNetwork(NetworkSpec network) {
    this.network = network;
  }

  public PodSecuritySpec getPodSecurity() {
    return podSecurity;
  }

  public void setPodSecurity(PodSecuritySpec podSecurity) {
    this.podSecurity = podSecurity;
  }

  public EnvironmentsSpec getEnvironments() {
    return environments;
  }

  public void setEnvironments(EnvironmentsSpec environments) {
    this.environments = environments;
  }

  public EncryptionSpec getEncryption() {
    return encryption;
  }

  public void setEncryption(EncryptionSpec encryption) {
    this.encryption = encryption;
  }

  public AccessControlSpec getAccessControl() {
    return accessControl;
  }

  public void setAccessControl(AccessControlSpec accessControl) {
    this.accessControl = accessControl;
  }

  public AuditLoggingSpec getAuditLogging() {
    return auditLogging;
  }

  public void setAuditLogging(AuditLoggingSpec auditLogging) {
    this.auditLogging = auditLogging;
  }

  public DataDeletionSpec getDataDeletion() {
    return dataDeletion;
  }

  public void setDataDeletion(DataDeletionSpec dataDeletion) {
    this.dataDeletion = dataDeletion;
  }

  public ExceptionsSpec getExceptions() {
    return exceptions;
  }

  public void setExceptions(ExceptionsSpec exceptions) {
    this.exceptions = exceptions;
  }

  public AdmissionSpec getAdmission() {
    return admission;
  }

  public void setAdmission(AdmissionSpec admission) {
    this.admission = admission;
  }

  public VulnerabilitiesSpec getVulnerabilities() {
    return vulnerabilities;
  }

  public void setVulnerabilities(VulnerabilitiesSpec vulnerabilities) {
    this.vulnerabilities = vulnerabilities;
  }

  /** The longest an exception to this baseline may last, in days. */
  public int effectiveExceptionMaxDays() {
    return exceptions == null ? ExceptionsSpec.DEFAULT_MAX_DAYS : exceptions.effectiveMaxDays();
  }

  /** The mode of the whole baseline, Audit when unset. */
  public Mode effectiveMode() {
    return mode == null ? Mode.Audit : mode;
  }

  /** The excluded namespaces, with the default when unset. */
  public List<String> effectiveExcludedNamespaces() {
    return excludedNamespaces == null ? DEFAULT_EXCLUDED_NAMESPACES : excludedNamespaces;
  }

  /** The environment label, with the default when unset. */
  public String effectiveEnvironmentLabel() {
    return environmentLabel == null ? DEFAULT_ENVIRONMENT_LABEL : environmentLabel;
  }
}
