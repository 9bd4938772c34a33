package dev.baton.testkit.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short commands that bound their own time (dig, tsig-keygen) and returns their output. */
final class Commands {

  private static final Duration LIMIT = Duration.ofSeconds(10);

  private Commands() {}

  /** The command's output (stdout and stderr); throws when it exits non-zero. */
  static String run(List<String> command) {
    Finished f = execute(command);
    if (f.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited with " + f.exitCode() + ":\n" + f.output());
    }
    return f.output();
  }

  /** The command's output however it exited, e.g. dig's while a server is still starting. */
  static String tryRun(List<String> command) {
    return execute(command).output();
  }

  static boolean jvmIsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private record Finished(int exitCode, String output) {}

  private static Finished execute(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      // Reading to the end is safe: these commands print a few lines and stop on their own.
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not exit in time");
      }
      return new Finished(p.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }
}
