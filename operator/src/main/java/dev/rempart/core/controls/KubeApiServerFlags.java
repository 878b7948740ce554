package dev.rempart.core.controls;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API server's command-line flags, as far as the Kubernetes API shows them: where the API
 * server runs as a static pod in kube-system (kubeadm and similar), its mirror pod carries the
 * command. Controls that evidence the control plane's own settings read them here.
 */
public final class KubeApiServerFlags {
  private KubeApiServerFlags() {}

  /** A kube-apiserver pod: labelled {@code component: kube-apiserver}, as kubeadm labels it. */
  public static boolean isApiServer(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels != null && "kube-apiserver".equals(labels.get("component"));
  }

  /**
   * The flag's value, if some container passes it with a non-empty value ({@code --flag=value} or
   * {@code --flag value}). Every command and args entry is split on whitespace, so that a flag
   * inside a shell command ({@code sh -c "..."}) is found too.
   */
  public static Optional<String> value(Pod pod, String flag) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return Optional.empty();
    }
    for (Container c : pod.getSpec().getContainers()) {
      List<String> words = new ArrayList<>();
      for (List<String> part : Arrays.asList(c.getCommand(), c.getArgs())) {
        if (part != null) {
          part.forEach(entry -> words.addAll(Arrays.asList(entry.trim().split("\\s+"))));
        }
      }
      for (int i = 0; i < words.size(); i++) {
        String w = words.get(i);
        String value = null;
        if (w.startsWith(flag + "=")) {
          value = w.substring(flag.length() + 1);
        } else if (w.equals(flag) && i + 1 < words.size() && isValue(words.get(i + 1))) {
          value = words.get(i + 1);
        }
        if (value != null && !value.isEmpty()) {
          return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }

  /** The next word is the flag's value unless it is another flag ({@code -} alone is a value). */
  private static boolean isValue(String word) {
    return word.equals("-") || !word.startsWith("-");
  }
}
