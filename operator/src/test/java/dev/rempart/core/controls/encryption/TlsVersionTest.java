package dev.rempart.core.controls.encryption;

import static dev.rempart.core.controls.encryption.TlsVersion.SSL_3;
import static dev.rempart.core.controls.encryption.TlsVersion.TLS_1_0;
import static dev.rempart.core.controls.encryption.TlsVersion.TLS_1_1;
import static dev.rempart.core.controls.encryption.TlsVersion.TLS_1_2;
import static dev.rempart.core.controls.encryption.TlsVersion.TLS_1_3;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TlsVersionTest {
  @Test
  void parsesNginxProtocolLists() {
    TlsVersion.Protocols p = TlsVersion.parseNginx("  SSLv3 TLSv1   TLSv1.1\tTLSv1.2 TLSv1.3 ");
    assertThat(p.known()).containsExactly(SSL_3, TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3);
    assertThat(p.unknown()).isEmpty();
  }

  @Test
  void acceptsOtherSpellingsAndKeepsUnknownWords() {
    TlsVersion.Protocols p = TlsVersion.parseNginx("tlsv1.0,TLSV1.2; TLSv1.4 DTLSv1");
    assertThat(p.known()).containsExactly(TLS_1_0, TLS_1_2);
    assertThat(p.unknown()).containsExactly("TLSv1.4", "DTLSv1");
  }

  @Test
  void tlsv1AloneIsTls10NotEverything() {
    assertThat(TlsVersion.parseNginx("TLSv1").known()).containsExactly(TLS_1_0);
    assertThat(TlsVersion.parseNginx("TLSv1.1").known()).containsExactly(TLS_1_1);
  }

  @Test
  void emptyOrMissingValueEnablesNothingKnown() {
    assertThat(TlsVersion.parseNginx("").known()).isEmpty();
    assertThat(TlsVersion.parseNginx(null).known()).isEmpty();
  }

  @Test
  void findsTheVersionsOlderThanTheMinimum() {
    TlsVersion.Protocols p = TlsVersion.parseNginx("TLSv1.3 TLSv1.1 TLSv1.2");
    assertThat(p.olderThan(TLS_1_2)).containsExactly(TLS_1_1);
    assertThat(p.olderThan(TLS_1_3)).containsExactly(TLS_1_1, TLS_1_2);
    assertThat(TlsVersion.parseNginx("TLSv1.2 TLSv1.3").olderThan(TLS_1_2)).isEmpty();
  }

  @Test
  void readsTheBaselineSpelling() {
    assertThat(TlsVersion.fromBaseline("1.2")).contains(TLS_1_2);
    assertThat(TlsVersion.fromBaseline(" 1.3 ")).contains(TLS_1_3);
    assertThat(TlsVersion.fromBaseline("TLSv1.2")).isEmpty();
    assertThat(TlsVersion.fromBaseline(null)).isEmpty();
  }

  @Test
  void proposesTheProtocolsFromTheMinimumOn() {
    assertThat(IngressNginxConfig.allowedFrom(TLS_1_2)).isEqualTo("TLSv1.2 TLSv1.3");
    assertThat(IngressNginxConfig.allowedFrom(TLS_1_3)).isEqualTo("TLSv1.3");
  }
}
