package dev.baton.testkit.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the OpenSSH command-line tools the SSH fixtures need. */
final class Tools {

  private static final long TIMEOUT_SECONDS = 30;

  private Tools() {}

  /** Runs a tool to completion and returns its output; fails on a non-zero exit or a hang. */
  static String run(Map<String, String> env, String... argv) throws IOException {
    Path output = Files.createTempFile("baton-tool-", ".out");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(env);
      Process p = pb.start();
      boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      String out = Files.readString(output);
      if (!done || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", argv) + " failed: " + out.strip());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + argv[0], e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  static String run(String... argv) throws IOException {
    return run(Map.of(), argv);
  }
}
