package dev.baton.testkit.pg;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs commands with a bounded wait and captured output; PostgreSQL's tools run as the {@code
 * postgres} OS user when the JVM is root, because PostgreSQL refuses to run as root.
 */
public final class PgProcess {

  /** The unprivileged user PostgreSQL runs as when the JVM is root. */
  public static final String OS_USER = "postgres";

  private PgProcess() {}

  /** What a finished command printed, and how it exited. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** A command that exited non-zero or ran out of time; the message carries its output. */
  public static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(List<String> command, String how, Result result) {
      super(String.join(" ", command) + " " + how + output(result));
    }

    private static String output(Result r) {
      return "\n--- stdout ---\n" + r.stdout().strip() + "\n--- stderr ---\n" + r.stderr().strip();
    }
  }

  /** True when the JVM runs as root, so PostgreSQL must be started as {@link #OS_USER}. */
  public static boolean jvmIsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs {@code command} as the postgres user; throws {@link Failed} on non-zero exit. */
  public static Result asPostgres(Duration timeout, List<String> command) {
    List<String> full = new ArrayList<>();
    if (jvmIsRoot()) {
      full.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    full.addAll(command);
    return run(timeout, full);
  }

  /** Runs {@code command} as the JVM's own user; throws {@link Failed} on non-zero exit. */
  public static Result run(Duration timeout, List<String> command) {
    Result r = tryRun(timeout, command);
    if (r.exitCode() != 0) {
      throw new Failed(command, "exited with " + r.exitCode(), r);
    }
    return r;
  }

  /**
   * Runs {@code command} and returns however it exited; throws {@link Failed} only when it runs out
   * of time, after killing it and everything it started.
   */
  public static Result tryRun(Duration timeout, List<String> command) {
    try {
      // Files, not pipes: a daemon that inherits a pipe would keep it open and block the reader.
      Path out = Files.createTempFile("baton-pg-", ".out");
      Path err = Files.createTempFile("baton-pg-", ".err");
      try {
        return execute(timeout, command, out, err);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    }
  }

  private static Result execute(Duration timeout, List<String> command, Path out, Path err)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    // The postgres user may not be able to enter the JVM's working directory.
    pb.directory(new File("/"));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    cleanEnvironment(pb.environment());
    Process p = pb.start();
    boolean finished = waitFor(p, timeout);
    if (!finished) {
      killTree(p);
    }
    Result r = new Result(finished ? p.exitValue() : -1, read(out), read(err));
    if (!finished) {
      throw new Failed(command, "timed out after " + timeout.toMillis() + " ms", r);
    }
    return r;
  }

  private static void cleanEnvironment(Map<String, String> env) {
    // PGDATA, PGPORT and friends from the caller's shell would silently redirect the tools.
    env.keySet().removeIf(k -> k.startsWith("PG"));
    env.put("LC_ALL", "C");
  }

  private static boolean waitFor(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killTree(p);
      throw new IllegalStateException("interrupted while running " + p.info().command(), e);
    }
  }

  private static void killTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /**
   * True when process {@code pid} exists and has not exited. A zombie counts as exited: on hosts
   * whose init does not reap orphans, a killed postmaster stays a zombie forever.
   */
  public static boolean isAlive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Live processes whose command line contains {@code text}, e.g. a data directory. */
  public static List<Long> livePidsMentioning(String text) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .map(p -> p.getFileName().toString())
          .filter(n -> n.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .filter(pid -> pid != ProcessHandle.current().pid())
          .filter(pid -> commandLine(pid).contains(text) && isAlive(pid))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      // The process exited while we looked, or belongs to someone we may not inspect.
      return "";
    }
  }

  /** Makes the postgres user own {@code dir} (not recursively) when the JVM is root. */
  public static void giveToPostgres(Path dir) {
    if (!jvmIsRoot()) {
      return;
    }
    try {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
      view.setOwner(users.lookupPrincipalByName(OS_USER));
      view.setGroup(users.lookupPrincipalByGroupName(OS_USER));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give " + dir + " to the " + OS_USER + " user", e);
    }
  }
}
