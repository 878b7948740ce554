package dev.rempart.cli;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The client configuration the commands that talk to a cluster use.
 *
 * <p>fabric8 7.5's token refresh re-reads the kubeconfig (or redoes the whole auto-configuration)
 * before every request once a minute has passed, when the configuration holds no token: it records
 * the time of a refresh only when the refresh finds a token. With a client certificate there is
 * none to find, so every request parsed the kubeconfig's YAML again: a third of the operator's
 * apply threads' CPU during a cold start at 10,000 namespaces (docs/benchmarks.md). A configuration
 * without a token is therefore given nothing to re-read; one with a token (a service account's, an
 * exec plugin's, an OIDC provider's) keeps its refresh, which finds the token and waits a minute.
 */
public final class ClientConfigs {
  private ClientConfigs() {}

  /** The kubeconfig file's configuration, or the auto-configuration when {@code file} is null. */
  public static Config load(Path file, String context) throws IOException {
    Config loaded =
        file == null
            ? Config.autoConfigure(context)
            : Config.fromKubeconfig(context, Files.readString(file), file.toString());
    return withoutPointlessRefresh(loaded);
  }

  /**
   * The same configuration, with nothing for the token refresh to re-read when it has no token to
   * refresh (its certificates and keys were read when it was loaded, and stay).
   */
  static Config withoutPointlessRefresh(Config loaded) {
    if (refreshesAToken(loaded)) {
      return loaded;
    }
    ConfigBuilder copy = new ConfigBuilder(loaded).withAutoConfigure(false);
    NamedContext current = loaded.getCurrentContext();
    if (current != null) {
      // The file fabric8 re-reads is the one named in the current context's extra properties.
      copy.withCurrentContext(new NamedContext(current.getContext(), current.getName()));
    }
    return copy.build();
  }

  private static boolean refreshesAToken(Config config) {
    return config.getOauthTokenProvider() != null
        || Utils.isNotNullOrEmpty(config.getOauthToken())
        || Utils.isNotNullOrEmpty(config.getAutoOAuthToken())
        || config.getAuthProvider() != null;
  }
}
