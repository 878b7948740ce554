package dev.rempart.cli.record;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rempart record}: the tamper-evident record of what Rempart saw and did. */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = "The record (addendum clause 4.6): hash-chained JSON lines, see docs/record.md.",
    subcommands = {RecordVerifyCommand.class})
public final class RecordCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
