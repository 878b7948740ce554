package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FencedBodyTest {
  private static final String PATCH = "{\"spec\":{\"podSelector\":{}}}";

  private final AtomicReference<RuntimeException> refusal = new AtomicReference<>();
  private final Supplier<RuntimeException> fence = refusal::get;

  @Test
  void allowedTheBytesPassUnchanged() {
    BodyPublisher body = FencedBody.of(BodyPublishers.ofString(PATCH), fence);

    Pulled pulled = Pulled.from(body);

    assertThat(body.contentLength()).isEqualTo(PATCH.length());
    assertThat(pulled.text()).isEqualTo(PATCH);
    assertThat(pulled.completed).isTrue();
    assertThat(pulled.error).isNull();
  }

  @Test
  void refusedTheClientGetsTheRefusalAndNoBytes() {
    AtomicBoolean pulledFromTheBody = new AtomicBoolean();
    BodyPublisher original =
        BodyPublishers.fromPublisher(
            s -> {
              pulledFromTheBody.set(true);
              BodyPublishers.ofString(PATCH).subscribe(s);
            },
            PATCH.length());
    refusal.set(new IllegalStateException("fenced"));

    Pulled pulled = Pulled.from(FencedBody.of(original, fence));

    assertThat(pulled.error).isSameAs(refusal.get());
    assertThat(pulled.bytes).isEmpty();
    assertThat(pulled.completed).isFalse();
    assertThat(pulledFromTheBody).as("the original body is not even subscribed to").isFalse();
  }

  @Test
  void refusedBetweenTwoChunksTheRestIsNotSentAndTheBodyIsCancelled() {
    AtomicBoolean cancelled = new AtomicBoolean();
    BodyPublisher twoChunks =
        BodyPublishers.fromPublisher(
            s ->
                s.onSubscribe(
                    new Flow.Subscription() {
                      int sent;

                      @Override
                      public void request(long n) {
                        for (long i = 0; i < n && sent < 2 && !cancelled.get(); i++) {
                          sent++;
                          if (sent == 1) {
                            s.onNext(ByteBuffer.wrap("first".getBytes(StandardCharsets.UTF_8)));
                            // The lease runs out while the first chunk is written.
                            refusal.set(new IllegalStateException("fenced"));
                          } else {
                            s.onNext(ByteBuffer.wrap("second".getBytes(StandardCharsets.UTF_8)));
                            s.onComplete();
                          }
                        }
                      }

                      @Override
                      public void cancel() {
                        cancelled.set(true);
                      }
                    }),
            11);

    Pulled pulled = Pulled.from(FencedBody.of(twoChunks, fence));

    assertThat(pulled.text()).isEqualTo("first");
    assertThat(pulled.error).isSameAs(refusal.get());
    assertThat(pulled.completed).isFalse();
    assertThat(cancelled).isTrue();
  }

  @Test
  void anEmptyBodyIsNotFencedHereTheClientWouldNeverPullIt() {
    assertThatThrownBy(() -> FencedBody.of(BodyPublishers.noBody(), fence))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** What a subscriber that asks for everything receives from a body. */
  private static final class Pulled implements Flow.Subscriber<ByteBuffer> {
    final List<Byte> bytes = new ArrayList<>();
    boolean completed;
    Throwable error;

    static Pulled from(BodyPublisher body) {
      Pulled pulled = new Pulled();
      body.subscribe(pulled);
      return pulled;
    }

    String text() {
      byte[] b = new byte[bytes.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = bytes.get(i);
      }
      return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer item) {
      while (item.hasRemaining()) {
        bytes.add(item.get());
      }
    }

    @Override
    public void onError(Throwable throwable) {
      assertThat(error).as("one error at most").isNull();
      error = throwable;
    }

    @Override
    public void onComplete() {
      completed = true;
    }
  }
}
