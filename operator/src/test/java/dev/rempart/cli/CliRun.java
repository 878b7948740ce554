package dev.rempart.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** Runs the command line in-process, as {@code main} would, with stdout and stderr captured. */
public final class CliRun {
  private CliRun() {}

  /** What a run printed and returned. */
  public record Result(int exitCode, String out, String err) {
    /** True when stderr holds a Java stack trace. */
    public boolean hasStackTrace() {
      return err.contains("\tat ") || err.contains("Exception in thread");
    }
  }

  public static Result run(String... args) {
    return run(cli -> {}, args);
  }

  /** Runs with {@code configure} applied first (to replace a subcommand's stdin or clock). */
  public static Result run(Consumer<CommandLine> configure, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    configure.accept(cli);
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
