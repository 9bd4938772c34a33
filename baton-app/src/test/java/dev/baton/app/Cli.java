package dev.baton.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the CLI in this JVM or as a child JVM, capturing exit code, stdout and stderr. */
public final class Cli {

  public record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Cli() {}

  /** In this JVM; quick, for everything that needs no real process boundary. */
  public static Result inProcess(String... args) {
    return inProcess(List.of(), args);
  }

  /** As {@link #inProcess(String...)}, with subcommands added as another jar adds them. */
  public static synchronized Result inProcess(List<Object> extraSubcommands, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(extraSubcommands, args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** The shaded jar that {@code mvn package} built; integration tests launch it. */
  static Path jar() {
    String p = System.getProperty("baton.jar");
    if (p == null) {
      throw new IllegalStateException(
          "system property baton.jar is not set (run through failsafe)");
    }
    return Path.of(p);
  }

  /** Starts a child JVM running the jar, with extra environment variables. */
  public static Process start(Path workDir, Map<String, String> env, String... args)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-jar",
                jar().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().putAll(env);
    pb.redirectOutput(workDir.resolve("child.out").toFile());
    pb.redirectError(workDir.resolve("child.err").toFile());
    return pb.start();
  }

  /** Runs a child JVM to its end, within a bound. */
  static Result child(Path workDir, Map<String, String> env, String... args) throws Exception {
    Process p = start(workDir, env, args);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "baton " + String.join(" ", args) + " did not end within 120 s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(workDir.resolve("child.out")),
        Files.readString(workDir.resolve("child.err")));
  }

  /** {@code apply TOPOLOGY --strategy takeover --to 2.0 --yes --home HOME}, the sim tests' run. */
  public static String[] applyTakeover(Path topology, Path home) {
    return new String[] {
      "apply",
      topology.toString(),
      "--strategy",
      "takeover",
      "--to",
      "2.0",
      "--yes",
      "--home",
      home.toString()
    };
  }

  public static Path example(String name) {
    Path p = Path.of("..", "examples", name);
    if (!Files.exists(p)) {
      throw new IllegalStateException("missing example " + p.toAbsolutePath());
    }
    return p.toAbsolutePath().normalize();
  }
}
