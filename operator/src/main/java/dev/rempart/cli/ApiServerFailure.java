package dev.rempart.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * A command that could not talk to the API server, or was refused by it: not a bug in Rempart, so
 * one line that says what the API server answered and what to check, and exit code 2 (cluster
 * unreachable), never a stack trace. The operator meets it at start when its RBAC is missing, and
 * right after an API server restarts (it refuses every request until its authorizer is ready); the
 * kubelet starts it again.
 */
final class ApiServerFailure {
  private ApiServerFailure() {}

  /** The API server's answer somewhere in {@code e}'s causes, if there is one. */
  static Optional<KubernetesClientException> in(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException api) {
        return Optional.of(api);
      }
    }
    return Optional.empty();
  }

  /**
   * The deepest cause that says something (the JDK's ConnectException often has no message; its
   * name is the reason then), or nothing when {@code e} has no cause.
   */
  static Optional<String> networkReason(Throwable e) {
    String reason = null;
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        reason = ErrorHandlers.oneLine(cause.getMessage()).replaceAll("\\.+$", "");
      } else if (reason == null && cause.getClass().getName().startsWith("java.net.")) {
        reason = cause.getClass().getName();
      }
    }
    return Optional.ofNullable(reason);
  }

  /** What happened and what to check, in one line. */
  static String describe(KubernetesClientException e) {
    String answer = ErrorHandlers.oneLine(e.getMessage()).replaceAll("\\.+$", "");
    if (e.getCode() <= 0) {
      // No answer: the request never reached it (fabric8 then has no status code to give, and
      // often only "An error has occurred"): the network's own reason says what to check.
      String reason = networkReason(e).map(r -> " (" + r + ")").orElse("");
      return "could not talk to the API server: "
          + answer
          + reason
          + ". Check the kubeconfig's server address and that the API server is running.";
    }
    return switch (e.getCode()) {
      case 401 ->
          "the API server did not accept the credentials (401 Unauthorized): "
              + answer
              + ". Check the kubeconfig or the ServiceAccount token.";
      case 403 ->
          "the API server refused a request (403 Forbidden): "
              + answer
              + ". Either the ServiceAccount lacks a permission the chart grants (install or"
              + " upgrade the chart's RBAC with the chart), or the API server has just started"
              + " and does not authorize requests yet (run again; in a cluster the kubelet"
              + " restarts the operator).";
      default -> "the API server answered " + e.getCode() + ": " + answer + ".";
    };
  }
}
