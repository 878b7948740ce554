package dev.rempart.cli;

import dev.rempart.cli.audit.AuditCommand;
import dev.rempart.cli.compliance.ReportCommand;
import dev.rempart.cli.record.RecordCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rempart}: the one binary. Each subcommand is one class listed in {@code subcommands}
 * below: registering a new one is one line there.
 */
@Command(
    name = "rempart",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Turns a SaaS security addendum into Kubernetes cluster state and proves it.",
    subcommands = {
      OperatorCommand.class,
      AuditCommand.class,
      ReportCommand.class,
      RecordCommand.class,
      DemoCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success; for audit, no finding at or above --fail-on",
      "1:audit found a finding at or above --fail-on; record verify found the record changed",
      "2:bad usage or bad input (unreadable or malformed file, bad baseline)",
      "3:internal error (a bug in Rempart: please report it with the stack trace), or out of memory"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CommonPoolSize.atLeastTwo();
    Logging.offFor(args);
    int code;
    try {
      code = commandLine().execute(args);
    } catch (OutOfMemoryError e) {
      // picocli handles exceptions, not errors: without this the JVM would exit with 1, which
      // `rempart audit` uses for "findings".
      System.err.println(
          "rempart: out of memory: the objects the baseline's controls read do not fit in the heap;"
              + " give it more with -Xmx (REMPART_JAVA_OPTS=-Xmx2g with bin/rempart)");
      code = ExitCodes.INTERNAL_ERROR;
    }
    System.exit(code);
  }

  /** The configured command line: subcommands, error handling, case-insensitive enum values. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(new ErrorHandlers.Execution());
    cli.setParameterExceptionHandler(new ErrorHandlers.Parameters());
    return cli;
  }

  @Override
  public void run() {
    // `rempart` alone: the user asked for nothing; show what there is.
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
