package dev.rempart.core.admission;

import java.util.Optional;

/**
 * The user name Rempart's writes reach the API server under ({@code
 * system:serviceaccount:rempart-system:rempart}): the policy never refuses it, so Rempart can
 * always repair what it manages. Unknown (the command line, or an operator that could not learn
 * it): the protection of managed objects is not generated, since it would lock Rempart out.
 *
 * @param username the name, or null when unknown
 */
public record RempartIdentity(String username) {
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
  public static final RempartIdentity UNKNOWN = new RempartIdentity(null);

  public boolean known() {
    return username != null && !username.isBlank();
  }

  /** The namespace of Rempart's ServiceAccount, when it runs as one. */
  public Optional<String> namespace() {
    if (!known() || !username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return Optional.empty();
    }
    String rest = username.substring(SERVICE_ACCOUNT_PREFIX.length());
    int colon = rest.indexOf(':');
    return colon > 0 ? Optional.of(rest.substring(0, colon)) : Optional.empty();
  }
}
