package dev.rempart.core.controls.podsecurity;

import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Beyond the standards: every image is pinned. An image with neither a digest ({@code @sha256:...})
 * nor a tag, or with the tag {@code latest}, can change under the same name, so what runs is not
 * what was reviewed and patched (clause 4.5, regular patching). Low severity: it weakens change
 * control rather than opening a way in.
 */
final class MutableImageTagCheck {
  static final String ID = "mutableImageTag";

  private MutableImageTagCheck() {}

  static Optional<Violation> evaluate(PodSpec spec) {
    List<String> containers = new ArrayList<>();
    Set<String> images = new LinkedHashSet<>();
    for (ContainerView c : ContainerView.of(spec)) {
      if (c.image() != null && !c.image().isBlank() && isMutable(c.image())) {
        containers.add(c.name());
        images.add(c.image());
      }
    }
    if (containers.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "mutable image " + Details.plural("tag", "tags", images.size()),
            Details.containers(containers)
                + " "
                + Details.plural("uses", "use", containers.size())
                + " "
                + Details.plural("image", "images", images.size())
                + " "
                + Details.quoted(images)
                + " with no tag or the tag latest, and no digest",
            Severity.LOW,
            "pin each image to a version tag, or better to a digest (name@sha256:...), and"
                + " update it through your change process"));
  }

  /**
   * True when the reference has no digest and its tag is absent or {@code latest}. The tag is what
   * follows the last colon after the last slash, so a registry port ({@code host:5000/app}) is not
   * mistaken for a tag.
   */
  static boolean isMutable(String image) {
    int at = image.indexOf('@');
    if (at >= 0 && image.indexOf(':', at) > at) {
      return false;
    }
    String name = at >= 0 ? image.substring(0, at) : image;
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    if (colon <= slash) {
      return true;
    }
    return name.substring(colon + 1).equals("latest");
  }
}
