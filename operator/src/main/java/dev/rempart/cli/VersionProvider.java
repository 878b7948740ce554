package dev.rempart.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Rempart's version, as Maven wrote it into {@code dev/rempart/version.properties}. */
public final class VersionProvider implements IVersionProvider {
  private static final String RESOURCE = "/dev/rempart/version.properties";

  /** The version of this build ({@code 0.1.0}). */
  public static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"rempart " + version()};
  }
}
