package dev.rempart.cli;

import dev.rempart.io.ManifestException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How errors reach the user: a mistake in the input, or an API server that cannot be reached or
 * refuses, is one line on stderr and exit code 2; only a bug in Rempart prints a stack trace (exit
 * code 3), because only then is it useful.
 */
public final class ErrorHandlers {
  private ErrorHandlers() {}

  /** Errors thrown while a subcommand runs. */
  public static final class Execution implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
      PrintWriter err = cli.getErr();
      if (isUserMistake(e)) {
        err.println(cli.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()));
        err.flush();
        return ExitCodes.USAGE;
      }
      var apiServer = ApiServerFailure.in(e);
      if (apiServer.isPresent()) {
        err.println(
            cli.getCommandSpec().qualifiedName()
                + ": "
                + ApiServerFailure.describe(apiServer.get()));
        err.flush();
        return ExitCodes.USAGE;
      }
      err.println(
          cli.getCommandSpec().qualifiedName()
              + ": internal error, please report it with the trace below: "
              + e);
      e.printStackTrace(err);
      err.flush();
      return ExitCodes.INTERNAL_ERROR;
    }

    private static boolean isUserMistake(Exception e) {
      return e instanceof UsageException
          || e instanceof ManifestException
          || e instanceof ParameterException;
    }
  }

  /** Errors in the options: the message and where to find help, not the whole usage text. */
  public static final class Parameters implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
      CommandLine cli = e.getCommandLine();
      PrintWriter err = cli.getErr();
      err.println(cli.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()));
      err.println(
          "Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return ExitCodes.USAGE;
    }
  }

  /** The first line of a message: the rest (parser context, causes) is noise for a person. */
  static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "unknown error";
    }
    String trimmed = message.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
  }
}
