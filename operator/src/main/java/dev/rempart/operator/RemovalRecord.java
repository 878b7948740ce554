package dev.rempart.operator;

import dev.rempart.core.Removal;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The trace an object removed by a baseline leaves: its content as it was, without the fields the
 * API server maintains, as one line of JSON.
 */
final class RemovalRecord {
  /** Events carry at most 1 KiB of message; the full record goes to the log. */
  static final int EVENT_MESSAGE_LIMIT = 1000;

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private RemovalRecord() {}

  static String of(Removal removal, HasMetadata current) {
    HasMetadata copy = JSON.clone(current);
    copy.getMetadata().setManagedFields(null);
    return JSON.asJson(copy);
  }

  static String truncate(String message) {
    return message.length() <= EVENT_MESSAGE_LIMIT
        ? message
        : message.substring(0, EVENT_MESSAGE_LIMIT - 1) + "…";
  }
}
