package dev.rempart.core.controls.encryption;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SSL and TLS protocol versions, oldest first, with the spellings the baseline and nginx use: the
 * baseline says {@code 1.2}; nginx's {@code ssl_protocols} (and so ingress-nginx's {@code
 * ssl-protocols}) says {@code TLSv1.2}, and {@code TLSv1} for TLS 1.0.
 */
enum TlsVersion {
  SSL_2("SSLv2"),
  SSL_3("SSLv3"),
  TLS_1_0("TLSv1"),
  TLS_1_1("TLSv1.1"),
  TLS_1_2("TLSv1.2"),
  TLS_1_3("TLSv1.3");

  private final String nginxName;

  TlsVersion(String nginxName) {
    this.nginxName = nginxName;
  }

  String nginxName() {
    return nginxName;
  }

  boolean olderThan(TlsVersion other) {
    return compareTo(other) < 0;
  }

  /** The baseline's spelling: {@code 1.2} or {@code 1.3} (and {@code 1.0}, {@code 1.1}). */
  static Optional<TlsVersion> fromBaseline(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return switch (text.trim()) {
      case "1.0", "1" -> Optional.of(TLS_1_0);
      case "1.1" -> Optional.of(TLS_1_1);
      case "1.2" -> Optional.of(TLS_1_2);
      case "1.3" -> Optional.of(TLS_1_3);
      default -> Optional.empty();
    };
  }

  /** One nginx protocol name ({@code TLSv1.2}, case-insensitive; {@code TLSv1.0} too). */
  static Optional<TlsVersion> fromNginx(String word) {
    String w = word.trim().toLowerCase(Locale.ROOT);
    if (w.equals("tlsv1.0")) {
      return Optional.of(TLS_1_0);
    }
    for (TlsVersion v : values()) {
      if (v.nginxName.toLowerCase(Locale.ROOT).equals(w)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /**
   * What an nginx {@code ssl_protocols} value enables.
   *
   * @param known the versions recognised, in the order written
   * @param unknown the words that name no version Rempart knows
   */
  record Protocols(List<TlsVersion> known, List<String> unknown) {
    /** The versions older than {@code minimum}, in the order written. */
    List<TlsVersion> olderThan(TlsVersion minimum) {
      return known.stream().filter(v -> v.olderThan(minimum)).toList();
    }
  }

  /** Parses a space-separated protocol list such as {@code "TLSv1.2 TLSv1.3"}. */
  static Protocols parseNginx(String value) {
    List<TlsVersion> known = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    if (value != null) {
      for (String word : value.trim().split("[\\s,;]+")) {
        if (word.isEmpty()) {
          continue;
        }
        fromNginx(word).ifPresentOrElse(known::add, () -> unknown.add(word));
      }
    }
    return new Protocols(List.copyOf(known), List.copyOf(unknown));
  }
}
