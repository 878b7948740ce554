package dev.rempart.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering, enforced: the evaluation core (and the API types it reads) is pure; the operator
 * and the command line are edges that feed it; neither edge depends on the other.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rempart");
  }

  /** The one client class the API types may extend: fabric8 puts CustomResource there. */
  private static final DescribedPredicate<JavaClass> CLIENT_OR_FRAMEWORK =
      new DescribedPredicate<>("a Kubernetes client, operator framework or I/O class") {
        @Override
        public boolean test(JavaClass c) {
          String name = c.getName();
          if (name.equals("io.fabric8.kubernetes.client.CustomResource")) {
            return false;
          }
          return name.startsWith("io.fabric8.kubernetes.client.")
              || name.startsWith("io.javaoperatorsdk.")
              || name.startsWith("java.nio.file.")
              || name.startsWith("java.net.")
              || name.equals("java.lang.ProcessBuilder")
              || name.equals("java.lang.Runtime")
              || (name.startsWith("java.io.File") && !name.equals("java.io.FileNotFoundException"))
              || name.equals("java.io.RandomAccessFile");
        }
      };

  @Test
  void coreIsPure() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage("dev.rempart.core..", "dev.rempart.api..")
            .should()
            .dependOnClassesThat(CLIENT_OR_FRAMEWORK)
            .because("the evaluation core is a pure function shared by the operator and the CLI");
    rule.check(classes);
  }

  @Test
  void coreKnowsNoEdge() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.rempart.core..", "dev.rempart.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.rempart.operator..",
            "dev.rempart.cli..",
            "dev.rempart.io..",
            "dev.rempart.recorder..")
        .because("the core must not know where its snapshot came from")
        .check(classes);
  }

  @Test
  void operatorAndCommandLineAreSeparateEdges() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.rempart.operator..", "dev.rempart.io..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.rempart.cli..")
        .because("the command line starts the operator, never the other way round")
        .check(classes);
  }

  @Test
  void recordIsPure() {
    noClasses()
        .that()
        .resideInAPackage("dev.rempart.record..")
        .should()
        .dependOnClassesThat(CLIENT_OR_FRAMEWORK)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "software.amazon..",
            "dev.rempart.recorder..",
            "dev.rempart.operator..",
            "dev.rempart.cli..",
            "dev.rempart.io..")
        .because(
            "the record's format, chain and verifier are pure: the operator writes and the command"
                + " line verifies with the same code, and the sinks do the I/O")
        .check(classes);
  }

  @Test
  void recorderIsALibraryForBothEdges() {
    noClasses()
        .that()
        .resideInAPackage("dev.rempart.recorder..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.rempart.operator..",
            "dev.rempart.cli..",
            "io.fabric8.kubernetes.client..",
            "io.javaoperatorsdk..")
        .because(
            "the recorder and its sinks serve the operator and the command line alike; the"
                + " operator backs ChainHeadStore with a Kubernetes object on its side")
        .check(classes);
  }

  @Test
  void auditorsEvidenceIsPure() {
    noClasses()
        .that()
        .resideInAPackage("dev.rempart.compliance..")
        .should()
        .dependOnClassesThat(CLIENT_OR_FRAMEWORK)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.rempart.operator..", "dev.rempart.cli..", "dev.rempart.recorder..")
        .because(
            "the auditors' evidence (rempart report) is computed from an evaluation, whether the"
                + " cluster was read live or from files; the command line does the reading")
        .check(classes);
  }
}
