package dev.rempart.io;

/**
 * Input that is not a Kubernetes manifest, and why: a repository holds kustomization files, Helm
 * charts, application configs next to its manifests. It is skipped, not an error.
 *
 * @param reason the kind of input it is
 * @param line where the document starts (1-based), or 0 for a whole file or folder
 * @param message what it is, for a person ({@code a Kustomization of kustomize, not an object})
 */
public record NotAManifest(Reason reason, int line, String message) {

  /** What the input is instead. */
  public enum Reason {
    /** YAML or JSON with neither apiVersion nor kind: an application's config, Helm values. */
    NOT_KUBERNETES("not-kubernetes", "YAML or JSON that is not a Kubernetes object", null),
    /** Kustomize's own file: its resources reach the API only through kustomize. */
    KUSTOMIZATION(
        "kustomization",
        "Kustomization files",
        "pipe `kustomize build DIR | rempart audit -f -` to audit what it renders"),
    /** A Helm chart's source: Go templates, not YAML. */
    HELM_CHART(
        "helm-chart",
        "Helm charts (templates, not manifests)",
        "render it with `helm template NAME DIR | rempart audit -f -` first"),
    /**
     * A configuration file in Kubernetes style (a scheduler policy, a kubeconfig, a kubelet
     * configuration): apiVersion and kind, but no metadata, so no object of the API.
     */
    CONFIGURATION("configuration", "configuration files (apiVersion and kind, no metadata)", null);

    private final String id;
    private final String description;
    private final String hint;

    Reason(String id, String description, String hint) {
      this.id = id;
      this.description = description;
      this.hint = hint;
    }

    /** Stable identifier for machine-readable output ({@code helm-chart}). */
    public String id() {
      return id;
    }

    /** What such inputs are, as a plural heading ({@code Kustomization files}). */
    public String description() {
      return description;
    }

    /** How to audit what it stands for, or null when there is nothing to audit. */
    public String hint() {
      return hint;
    }
  }
}
