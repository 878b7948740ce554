package dev.rempart.cli;

import dev.rempart.cli.demo.Demo;
import dev.rempart.cli.demo.LocalControlPlane;
import dev.rempart.cli.input.BaselineLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rempart demo}: the main job end to end on a local control plane. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start a local kube-apiserver and etcd, install the CRD, apply the addendum's baseline",
      "to a few sample namespaces, run the operator, show the status, delete a managed policy",
      "and show it repaired. Needs the binaries of hack/control-plane-binaries.sh (bin/rempart",
      "builds them on first use)."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description = "The baseline to apply (default: examples/saas-addendum.yaml).")
  Path baseline;

  @Option(
      names = "--kubernetes-version",
      defaultValue = LocalControlPlane.DEFAULT_VERSION,
      description = "The control plane version to start (default: ${DEFAULT-VALUE}).")
  String version;

  @Override
  public Integer call() throws Exception {
    if (!LocalControlPlane.installed(version)) {
      throw new UsageException(
          "no kube-apiserver "
              + version
              + " in "
              + LocalControlPlane.binaries(version)
              + ": run hack/control-plane-binaries.sh first (bin/rempart demo does it for you)");
    }
    Path file = baseline != null ? baseline : defaultBaseline();
    if (file != null) {
      if (!Files.isReadable(file)) {
        throw new UsageException("cannot read " + file);
      }
      try (InputStream in = Files.newInputStream(file)) {
        new Demo(System.out).run(version, in, file.toString());
      }
    } else {
      try (InputStream in =
          DemoCommand.class.getResourceAsStream(BaselineLoader.BUILTIN_RESOURCE)) {
        if (in == null) {
          throw new UsageException("no baseline given and none packaged: use --baseline FILE");
        }
        new Demo(System.out).run(version, in, "examples/saas-addendum.yaml");
      }
    }
    return 0;
  }

  private static Path defaultBaseline() {
    String home = System.getProperty("rempart.home");
    Path candidate =
        home == null
            ? Path.of("examples", "saas-addendum.yaml")
            : Path.of(home, "examples", "saas-addendum.yaml");
    return Files.exists(candidate) ? candidate : null;
  }
}
