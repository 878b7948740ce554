package dev.rempart.cli.audit;

import java.io.PrintWriter;
import picocli.CommandLine.Help.Ansi;

/** Writes an audit in one format. */
public interface AuditFormatter {
  /**
   * Writes the audit.
   *
   * @param ansi whether to colour (only the table does)
   */
  void write(AuditReport audit, PrintWriter out, Ansi ansi);
}
