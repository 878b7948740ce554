package dev.rempart.cli.audit;

import dev.rempart.cli.audit.AuditReport.ControlAudit;
import dev.rempart.cli.audit.AuditReport.LocatedFinding;
import dev.rempart.cli.input.InputError;
import dev.rempart.cli.input.InputIssues;
import dev.rempart.cli.input.SkippedInput;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import picocli.CommandLine.Help.Ansi;

/**
 * JUnit XML, the format CI systems show as test results: one test suite per control, one test case
 * per object the control examined. A test case fails when the object has a finding at or above
 * {@code --fail-on}, so the test report agrees with the exit code; findings below it are listed in
 * the test case's output. Then a {@code not audited} suite (namespaces and kinds left out) and an
 * {@code input} suite (inputs that could not be read, as errors; inputs that are not manifests),
 * each only when it has cases.
 */
final class JunitFormatter implements AuditFormatter {

  @Override
  public void write(AuditReport audit, PrintWriter out, Ansi ansi) {
    List<Suite> suites = suites(audit);
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "rempart audit (baseline " + audit.baselineName() + ")");
      InputIssues issues = audit.input().issues();
      int inputCases = issues.errors().size() + issues.skipped().size();
      xml.writeAttribute(
          "tests",
          Integer.toString(
              suites.stream().mapToInt(Suite::tests).sum()
                  + inputCases
                  + CoverageText.notAudited(audit).size()));
      xml.writeAttribute(
          "failures", Integer.toString(suites.stream().mapToInt(Suite::failures).sum()));
      xml.writeAttribute("errors", Integer.toString(issues.errors().size()));
      for (Suite suite : suites) {
        writeSuite(xml, suite, audit);
      }
      writeNotAudited(xml, audit);
      if (inputCases > 0) {
        writeInputSuite(xml, issues);
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.flush();
      out.println();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write JUnit XML", e);
    }
  }

  private record Case(ResourceRef resource, String file, List<LocatedFinding> findings) {}

  private record Suite(ControlAudit control, List<Case> cases, AuditReport audit) {
    int tests() {
      return cases.size();
    }

    int failures() {
      return (int) cases.stream().filter(c -> failing(c, audit).size() > 0).count();
    }
  }

  private static List<Suite> suites(AuditReport audit) {
    List<Suite> suites = new ArrayList<>();
    for (ControlAudit control : audit.controls()) {
      Map<ResourceRef, List<LocatedFinding>> byResource = new LinkedHashMap<>();
      control.examined().forEach(r -> byResource.put(r, new ArrayList<>()));
      for (LocatedFinding f : audit.findings()) {
        if (f.finding().control().equals(control.name())) {
          // A finding on an object the control did not list as examined still gets its case.
          byResource.computeIfAbsent(f.finding().resource(), r -> new ArrayList<>()).add(f);
        }
      }
      List<Case> cases = new ArrayList<>();
      byResource.forEach(
          (ref, findings) ->
              cases.add(
                  new Case(
                      ref,
                      findings.stream()
                          .flatMap(f -> f.where().stream())
                          .map(l -> l.file())
                          .findFirst()
                          .orElse(null),
                      findings)));
      suites.add(new Suite(control, cases, audit));
    }
    return suites;
  }

  private static void writeSuite(XMLStreamWriter xml, Suite suite, AuditReport audit)
      throws XMLStreamException {
    ControlAudit control = suite.control();
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", "clause " + control.clauses() + " " + control.name());
    xml.writeAttribute("tests", Integer.toString(suite.tests()));
    xml.writeAttribute("failures", Integer.toString(suite.failures()));
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", "0");
    for (Case c : suite.cases()) {
      writeCase(xml, control, c, audit);
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  /**
   * The inputs: an error case per input that could not be read or parsed (the audit is incomplete),
   * a skipped case per input that is not a manifest.
   */
  private static void writeInputSuite(XMLStreamWriter xml, InputIssues issues)
      throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", "input");
    xml.writeAttribute("tests", Integer.toString(issues.errors().size() + issues.skipped().size()));
    xml.writeAttribute("failures", "0");
    xml.writeAttribute("errors", Integer.toString(issues.errors().size()));
    xml.writeAttribute("skipped", Integer.toString(issues.skipped().size()));
    for (InputError e : issues.errors()) {
      inputCase(xml, e.file(), e.line());
      xml.writeStartElement("error");
      xml.writeAttribute("type", "input/error");
      xml.writeAttribute("message", e.message());
      xml.writeCharacters(e.toString());
      xml.writeEndElement();
      xml.writeEndElement();
    }
    for (SkippedInput s : issues.skipped()) {
      inputCase(xml, s.file(), s.line());
      xml.writeEmptyElement("skipped");
      xml.writeAttribute(
          "message", s.message() + (s.reason().hint() == null ? "" : "; " + s.reason().hint()));
      xml.writeEndElement();
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  private static void inputCase(XMLStreamWriter xml, String file, int line)
      throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", "rempart.input");
    xml.writeAttribute("name", line > 0 ? file + ":" + line : file);
    xml.writeAttribute("file", file);
  }

  private static void writeCase(
      XMLStreamWriter xml, ControlAudit control, Case c, AuditReport audit)
      throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", "rempart." + control.name());
    xml.writeAttribute("name", c.resource().display());
    if (c.file() != null) {
      xml.writeAttribute("file", c.file());
    }
    List<LocatedFinding> failing = failing(c, audit);
    if (!failing.isEmpty()) {
      Finding first = failing.get(0).finding();
      xml.writeStartElement("failure");
      xml.writeAttribute("type", first.control() + "/" + first.check());
      xml.writeAttribute("message", first.severity().id() + ": " + first.message());
      xml.writeCharacters(describe(failing));
      xml.writeEndElement();
    }
    List<LocatedFinding> below = new ArrayList<>(c.findings());
    below.removeAll(failing);
    if (!below.isEmpty()) {
      xml.writeStartElement("system-out");
      xml.writeCharacters(
          "Below --fail-on "
              + audit.failOn().id()
              + ", excepted, existing or outside --scope "
              + audit.scope().id()
              + ":\n"
              + describe(below));
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  private static List<LocatedFinding> failing(Case c, AuditReport audit) {
    return c.findings().stream().filter(audit::fails).toList();
  }

  /**
   * What the audit left out, as skipped test cases of a suite of its own: CI test reports show
   * skipped cases, so a namespace that was not audited is in sight rather than silently absent.
   */
  private static void writeNotAudited(XMLStreamWriter xml, AuditReport audit)
      throws XMLStreamException {
    List<String> notAudited = CoverageText.notAudited(audit);
    if (notAudited.isEmpty()) {
      return;
    }
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", "not audited");
    xml.writeAttribute("tests", Integer.toString(notAudited.size()));
    xml.writeAttribute("failures", "0");
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", Integer.toString(notAudited.size()));
    for (String line : notAudited) {
      xml.writeCharacters("\n    ");
      xml.writeStartElement("testcase");
      xml.writeAttribute("classname", "rempart.coverage");
      xml.writeAttribute("name", line);
      xml.writeEmptyElement("skipped");
      xml.writeAttribute("message", line);
      xml.writeEndElement();
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  private static String describe(List<LocatedFinding> findings) {
    return findings.stream()
        .map(
            f ->
                f.finding().headline()
                    + (f.finding().excepted()
                        ? " [excepted by " + f.finding().exceptedBy() + "]"
                        : "")
                    + f.where().map(l -> " (" + l + ")").orElse("")
                    + "\n"
                    + f.finding().message())
        .collect(Collectors.joining("\n\n"));
  }
}
