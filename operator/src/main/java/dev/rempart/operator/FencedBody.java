package dev.rempart.operator;

import java.net.http.HttpRequest.BodyPublisher;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A write's body that asks the fence once more as the JDK HTTP client pulls it: when subscribed to,
 * and before each chunk. Refused, the client gets an error instead of bytes, so the API server
 * never receives a complete request (it may have received the headers: the JDK client sends them
 * before it pulls the body). This is the latest point a Java program can decide at; what is left is
 * the JDK client writing an allowed chunk to the socket, on the thread that pulled it.
 */
final class FencedBody implements BodyPublisher {
  private final BodyPublisher body;

  /** Null when the write may go on; the exception to fail it with when the fence refuses it. */
  private final Supplier<RuntimeException> refusal;

  /** The refusal this body failed with, once it did; the client may report the abort otherwise. */
  private volatile RuntimeException refused;

  private FencedBody(BodyPublisher body, Supplier<RuntimeException> refusal) {
    this.body = body;
    this.refusal = refusal;
  }

  /**
   * {@code body} behind the check. Not for an empty body: the JDK client never pulls a body of
   * length 0 (see {@link BodyFencedJdkClient#fenced} for writes without one).
   */
  static FencedBody of(BodyPublisher body, Supplier<RuntimeException> refusal) {
    if (body.contentLength() == 0) {
      throw new IllegalArgumentException("an empty body is never pulled, so it cannot be fenced");
    }
    return new FencedBody(body, refusal);
  }

  /** Why this body was refused, or null if it was not (or not yet). */
  RuntimeException refused() {
    return refused;
  }

  /** Asks the fence; remembers a refusal. */
  private RuntimeException check() {
    RuntimeException no = refusal.get();
    if (no != null) {
      refused = no;
    }
    return no;
  }

  @Override
  public long contentLength() {
    return body.contentLength();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    RuntimeException no = check();
    if (no != null) {
      subscriber.onSubscribe(Nothing.INSTANCE);
      subscriber.onError(no);
      return;
    }
    body.subscribe(new Checked(subscriber));
  }

  /** Passes each chunk on only while the fence allows it; else cancels the body and fails. */
  private final class Checked implements Flow.Subscriber<ByteBuffer> {
    private final Flow.Subscriber<? super ByteBuffer> downstream;
    private Flow.Subscription upstream;
    private boolean failed;

    Checked(Flow.Subscriber<? super ByteBuffer> downstream) {
      this.downstream = downstream;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      upstream = subscription;
      downstream.onSubscribe(subscription);
    }

    @Override
    public void onNext(ByteBuffer chunk) {
      if (failed) {
        return;
      }
      RuntimeException no = check();
      if (no != null) {
        failed = true;
        upstream.cancel();
        downstream.onError(no);
        return;
      }
      downstream.onNext(chunk);
    }

    @Override
    public void onError(Throwable error) {
      if (!failed) {
        downstream.onError(error);
      }
    }

    @Override
    public void onComplete() {
      if (!failed) {
        downstream.onComplete();
      }
    }
  }

  /** The subscription of a refused body: there is nothing to request. */
  private enum Nothing implements Flow.Subscription {
    INSTANCE;

    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
