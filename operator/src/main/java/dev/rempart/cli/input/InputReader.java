package dev.rempart.cli.input;

import dev.rempart.cli.input.ManifestSources.Source;
import dev.rempart.io.Manifest;
import dev.rempart.io.ManifestException;
import dev.rempart.io.ManifestReader;
import dev.rempart.io.NotAManifest;
import dev.rempart.io.YamlDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Reads every source into a collector, document by document. One bad input loses nothing: a file
 * that cannot be read, or a document that cannot be parsed, becomes an {@link InputError} naming
 * its file (and line), and the reading goes on with the next document or file. Input that is not a
 * Kubernetes manifest becomes a {@link SkippedInput}.
 *
 * <p>This thread reads the files and cuts them into documents; the documents are parsed in batches
 * on {@code threads} threads, and what they give is handed to the collector in the order of the
 * input, so the result does not depend on the number of threads. At most a few batches per thread
 * are in flight, so memory does not grow with the input.
 */
public final class InputReader {
  /** Enough documents per batch to outweigh handing it over, few enough to spread the work. */
  private static final int BATCH_DOCUMENTS = 32;

  private static final int BATCH_CHARS = 256 * 1024;
  private static final int BATCHES_PER_THREAD = 4;

  private final InputStream stdin;
  private final int threads;

  /** Reads on as many threads as there are processors. */
  public InputReader(InputStream stdin) {
    this(stdin, Runtime.getRuntime().availableProcessors());
  }

  public InputReader(InputStream stdin, int threads) {
    this.stdin = stdin;
    this.threads = Math.max(1, threads);
  }

  public void readAll(List<Source> sources, InputCollector collector) {
    ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, daemons());
    try {
      Pipeline pipeline = new Pipeline(pool, collector, threads * BATCHES_PER_THREAD);
      for (Source source : sources) {
        read(source, collector::keepsTyped, pipeline);
      }
      pipeline.drain(0);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private void read(Source source, Predicate<Class<?>> typed, Pipeline pipeline) {
    if (source.skip() != null) {
      pipeline.then(c -> c.skipped(skipped(source.name(), source.skip())));
      return;
    }
    if (source.path() != null && !Files.isReadable(source.path())) {
      pipeline.then(c -> c.error(unreadable(source, 0, "permission denied")));
      return;
    }
    pipeline.then(InputCollector::fileOpened);
    Batch batch = new Batch(source.name(), typed);
    int line = 0;
    InputError failed = null;
    try (InputStream in = source.open(stdin)) {
      YamlDocuments documents = new YamlDocuments(utf8(in));
      for (YamlDocuments.Document d = documents.next(); d != null; d = documents.next()) {
        line = d.firstLine();
        if (batch.add(d)) {
          pipeline.parse(batch);
          batch = new Batch(source.name(), typed);
        }
      }
    } catch (AccessDeniedException e) {
      failed = unreadable(source, 0, "permission denied");
    } catch (CharacterCodingException e) {
      failed = new InputError(source.name(), 0, "not text: the file is not UTF-8");
    } catch (IOException e) {
      failed = unreadable(source, line, describe(e));
    } catch (UncheckedIOException e) {
      failed = unreadable(source, line, describe(e.getCause()));
    }
    pipeline.parse(batch);
    if (failed != null) {
      InputError error = failed;
      pipeline.then(c -> c.error(error));
    }
  }

  private static InputError unreadable(Source source, int line, String why) {
    return new InputError(source.name(), line, "cannot read the file: " + why);
  }

  /** What a step of the reading gives the collector. */
  @FunctionalInterface
  interface Step {
    void applyTo(InputCollector collector);
  }

  /** Steps in the order of the input, some of them parsed on other threads. */
  private static final class Pipeline {
    private final ExecutorService pool;
    private final InputCollector collector;
    private final int inFlight;
    private final ArrayDeque<Future<List<Step>>> pending = new ArrayDeque<>();

    Pipeline(ExecutorService pool, InputCollector collector, int inFlight) {
      this.pool = pool;
      this.collector = collector;
      this.inFlight = inFlight;
    }

    /** A step known now, after the steps before it. */
    void then(Step step) {
      if (pending.isEmpty()) {
        step.applyTo(collector);
      } else {
        pending.add(CompletableFuture.completedFuture(List.of(step)));
      }
    }

    void parse(Batch batch) {
      if (batch.isEmpty()) {
        return;
      }
      if (pool == null) {
        batch.parse().forEach(s -> s.applyTo(collector));
        return;
      }
      pending.add(pool.submit(batch::parse));
      drain(inFlight);
    }

    /** Hands over finished steps, in order, until at most {@code left} are pending. */
    void drain(int left) {
      while (pending.size() > left) {
        Future<List<Step>> head = pending.poll();
        try {
          head.get().forEach(s -> s.applyTo(collector));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while reading the input", e);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error error) {
            throw error; // out of memory, mostly: Main reports it
          }
          throw new IllegalStateException(cause);
        }
      }
    }
  }

  /** Documents of one file, parsed together. */
  private static final class Batch {
    private final String source;
    private final Predicate<Class<?>> typed;
    private final List<YamlDocuments.Document> documents = new ArrayList<>();
    private int chars;

    Batch(String source, Predicate<Class<?>> typed) {
      this.source = source;
      this.typed = typed;
    }

    /** Adds a document; true when the batch is full. */
    boolean add(YamlDocuments.Document document) {
      documents.add(document);
      chars += document.text().length();
      return documents.size() >= BATCH_DOCUMENTS || chars >= BATCH_CHARS;
    }

    boolean isEmpty() {
      return documents.isEmpty();
    }

    List<Step> parse() {
      List<Step> steps = new ArrayList<>(documents.size());
      for (YamlDocuments.Document d : documents) {
        steps.add(InputReader.parse(source, d, typed));
      }
      return steps;
    }
  }

  /**
   * Parses one document: its objects, or why it is not a manifest, or what is wrong with it. Pure
   * (touches no shared state), so documents can be parsed on any thread.
   */
  static Parsed parse(String source, YamlDocuments.Document document, Predicate<Class<?>> typed) {
    List<Manifest> manifests = new ArrayList<>(1);
    try {
      NotAManifest not = ManifestReader.readDocument(document, source, typed, manifests::add);
      return new Parsed(manifests, not == null ? null : skipped(source, not), null);
    } catch (ManifestException e) {
      // The objects of a List before its bad item are kept: they were read correctly.
      return new Parsed(manifests, null, error(source, document, e));
    }
  }

  /** What one document gave, applied to the collector in the order of the input. */
  record Parsed(List<Manifest> manifests, SkippedInput skipped, InputError error) implements Step {
    @Override
    public void applyTo(InputCollector collector) {
      manifests.forEach(collector);
      if (skipped != null) {
        collector.skipped(skipped);
      }
      if (error != null) {
        collector.error(error);
      }
    }
  }

  private static SkippedInput skipped(String source, NotAManifest not) {
    return new SkippedInput(source, not.line(), not.reason(), not.message());
  }

  private static InputError error(
      String source, YamlDocuments.Document document, ManifestException e) {
    String message = e.problem();
    int template = templateLine(document);
    if (template > 0) {
      message +=
          "; line "
              + template
              + " holds `{{`: an unrendered template? render it with `helm template` first";
    }
    return new InputError(source, e.line(), message);
  }

  /** The first line outside comments holding {@code {{}, or 0: the mark of a Go template. */
  private static int templateLine(YamlDocuments.Document document) {
    String text = document.text();
    if (!text.contains("{{")) {
      return 0;
    }
    int line = document.firstLine();
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      String l = text.substring(start, end);
      int braces = l.indexOf("{{");
      int hash = l.indexOf('#');
      if (braces >= 0 && (hash < 0 || hash > braces)) {
        return line;
      }
      line++;
      start = end + 1;
    }
    return 0;
  }

  private static InputStreamReader utf8(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static java.util.concurrent.ThreadFactory daemons() {
    return r -> {
      Thread t = new Thread(r, "rempart-parse");
      t.setDaemon(true);
      return t;
    };
  }
}
