package dev.rempart.cli.record;

import dev.rempart.cli.ExitCodes;
import dev.rempart.cli.Logging;
import dev.rempart.cli.UsageException;
import dev.rempart.record.ChainHead;
import dev.rempart.record.Problem;
import dev.rempart.record.RecordVerifier;
import dev.rempart.record.Verification;
import dev.rempart.recorder.S3Batches;
import dev.rempart.recorder.S3Clients;
import dev.rempart.recorder.S3Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code rempart record verify}: checks the record's hashes, links, order and anchors. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Checks the record: every entry's hash against its content, every link to the entry before"
          + " it, sequence numbers without holes or moves, and the anchors published outside it."
          + " Names the first line that was changed, removed, moved or cut.",
      "Reads files of JSON lines (in the order given; lines that are not record entries, such as"
          + " a log pipeline's own, are skipped) or the S3 bucket the operator writes to (each"
          + " object must also be locked in COMPLIANCE mode for the retention).",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the record is intact (gaps it declares itself are listed)",
      "1:a line or object was changed, removed, moved or cut, or an object is not locked",
      "2:bad usage or bad input (unreadable file, bucket unreachable, bad anchor)",
      "3:internal error (a bug in Rempart)"
    })
public final class RecordVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description = "Files of record lines, oldest first, or - for standard input.")
  List<String> files = new ArrayList<>();

  @Option(
      names = "--bucket",
      paramLabel = "NAME",
      description = "Read the record from this S3 bucket instead of files.")
  String bucket;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      defaultValue = S3Settings.DEFAULT_PREFIX,
      description = "The record's key prefix in the bucket (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description =
          "An S3-compatible server (default: AWS S3). Credentials come from AWS_ACCESS_KEY_ID and"
              + " AWS_SECRET_ACCESS_KEY, or the usual AWS configuration.")
  URI endpoint;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "The bucket's region (default: $AWS_REGION, else us-east-1).")
  String region;

  @Option(
      names = "--anchor",
      paramLabel = "SEQ:HASH",
      description =
          "A head the operator published outside the record (baseline status, Event); repeatable."
              + " The record must hold it: a record cut before that entry is caught.")
  List<String> anchors = new ArrayList<>();

  @Option(
      names = "--partial",
      description =
          "The first entry may continue an earlier chain (a rotated log file): its link is not"
              + " checked.")
  boolean partial;

  @Option(
      names = "--min-retention-days",
      paramLabel = "DAYS",
      defaultValue = "365",
      description =
          "Bucket only: each object must be locked at least this long after it was written"
              + " (default: ${DEFAULT-VALUE}).")
  int minRetentionDays;

  @Option(names = "--all", description = "List every problem, not only the first.")
  boolean all;

  /** Standard input, for {@code -}; tests replace it. */
  InputStream stdin = System.in;

  @Override
  public Integer call() {
    Logging.quiet();
    if (files.isEmpty() == (bucket == null)) {
      throw new UsageException("give the record's files, or --bucket, but not both");
    }
    RecordVerifier verifier = new RecordVerifier(parseAnchors(), partial);
    String source;
    if (bucket == null) {
      for (String file : files) {
        readFile(file, verifier);
      }
      source = String.join(", ", files);
    } else {
      readBucket(verifier);
      source = "s3://" + bucket + "/" + prefix;
    }
    Verification result = verifier.finish();
    print(source, result);
    return result.intact() ? ExitCodes.OK : ExitCodes.FINDINGS;
  }

  private List<ChainHead> parseAnchors() {
    List<ChainHead> heads = new ArrayList<>();
    for (String anchor : anchors) {
      try {
        heads.add(ChainHead.parse(anchor.strip()));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--anchor " + e.getMessage());
      }
    }
    return heads;
  }

  private void readFile(String file, RecordVerifier verifier) {
    String name = file.equals("-") ? "<stdin>" : file;
    try (BufferedReader reader =
        file.equals("-")
            ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
            : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      String line;
      long number = 0;
      while ((line = reader.readLine()) != null) {
        verifier.line(name + ":" + ++number, line);
      }
    } catch (NoSuchFileException e) {
      throw new UsageException(name + ": no such file");
    } catch (IOException e) {
      throw new UsageException(name + ": cannot read: " + e.getMessage());
    }
  }

  private void readBucket(RecordVerifier verifier) {
    String chosenRegion =
        region != null
            ? region
            : System.getenv("AWS_REGION") != null ? System.getenv("AWS_REGION") : "us-east-1";
    S3Settings settings = new S3Settings(endpoint, chosenRegion, bucket, prefix, null);
    Duration minimum = Duration.ofDays(minRetentionDays);
    try (S3Client s3 = S3Clients.create(settings)) {
      S3Batches batches = new S3Batches(s3, bucket, prefix);
      // Every version, not a listing: a delete marker hides a batch from a listing and a plain
      // PUT puts another version over it; the batch the writer put is the key's first version.
      for (S3Batches.KeyHistory key : batches.histories()) {
        S3Batches.StoredBatch stored = batches.read(key.key(), key.original());
        String where = "s3://" + bucket + "/" + key.key();
        verifier.batch(key.key(), where, stored.lines());
        checkLock(verifier, where, stored, minimum);
        if (key.later() > 0 || key.deleteMarkers() > 0) {
          verifier.note(
              new Problem(
                  where,
                  Problem.Kind.TAMPERED,
                  "someone wrote over the batch: "
                      + (key.later() > 0 ? key.later() + " later version(s)" : "")
                      + (key.later() > 0 && key.deleteMarkers() > 0 ? " and " : "")
                      + (key.deleteMarkers() > 0 ? key.deleteMarkers() + " delete marker(s)" : "")
                      + " after the original version "
                      + key.original()
                      + ", which is the one verified"));
        }
      }
    } catch (IOException e) {
      throw new UsageException(e.getMessage());
    } catch (RuntimeException e) {
      if (e.getClass().getName().startsWith("software.amazon.awssdk.")) {
        throw new UsageException("S3: " + e.getMessage());
      }
      throw e;
    }
  }

  private static void checkLock(
      RecordVerifier verifier, String where, S3Batches.StoredBatch stored, Duration minimum) {
    if (!"COMPLIANCE".equals(stored.lockMode())) {
      verifier.note(
          new Problem(
              where,
              Problem.Kind.UNPROTECTED,
              "the object is "
                  + (stored.lockMode() == null
                      ? "not locked"
                      : "locked in " + stored.lockMode() + " mode")
                  + ": COMPLIANCE is required"));
      return;
    }
    // A day of slack: the retention is computed from the writer's clock, the date from S3's.
    if (stored.retainUntil() == null
        || stored
            .retainUntil()
            .isBefore(stored.lastModified().plus(minimum).minusSeconds(86_400))) {
      verifier.note(
          new Problem(
              where,
              Problem.Kind.UNPROTECTED,
              "the object is locked until "
                  + stored.retainUntil()
                  + ", less than "
                  + minimum.toDays()
                  + " days after it was written ("
                  + stored.lastModified()
                  + ")"));
    }
  }

  private void print(String source, Verification result) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "Read "
            + source
            + ": "
            + result.entries()
            + " entries"
            + (result.head() == null ? "" : ", head " + result.head())
            + (result.otherLines() == 0
                ? ""
                : ", " + result.otherLines() + " other lines skipped (not record entries)")
            + ".");
    for (String gap : result.gaps()) {
      out.println("gap: " + gap);
    }
    for (String anchor : result.anchors()) {
      out.println("anchored: " + anchor);
    }
    if (result.intact()) {
      out.println(
          "INTACT: every hash, link and sequence number checks out"
              + (anchors.isEmpty() ? "" : ", and the record holds every anchor given")
              + ".");
    } else {
      List<Problem> shown = all ? result.problems() : result.problems().subList(0, 1);
      for (Problem problem : shown) {
        out.println(problem);
      }
      int more = result.problems().size() - shown.size();
      out.println(
          "NOT INTACT"
              + (more == 0
                  ? "."
                  : ": "
                      + more
                      + " more problem"
                      + (more == 1 ? "" : "s")
                      + " after the first (--all lists them)."));
    }
    out.flush();
  }
}
