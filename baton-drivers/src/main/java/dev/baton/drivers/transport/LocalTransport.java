package dev.baton.drivers.transport;

import dev.baton.engine.DriverException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on this machine, in a long-lived shell per user when one is free ({@link
 * LocalShells}), else as a process of their own; switches user with setpriv as root (runuser when
 * setpriv or the user's passwd entry is missing), sudo otherwise.
 */
public final class LocalTransport implements Transport {

  private static final String SELF = System.getProperty("user.name");
  private static final Accounts ACCOUNTS = Accounts.local();

  // Output is drained on threads of its own: the common pool has one thread on two cores, and a
  // child that fills stderr while stdout is being read would block forever.
  private static final java.util.concurrent.ExecutorService DRAINERS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "baton-output");
            t.setDaemon(true);
            return t;
          });

  // One shell per user for the whole process: transports come and go with drivers, users do not.
  private static final LocalShells SHELLS = new LocalShells(SELF, ACCOUNTS);

  @Override
  public CommandResult run(Command command) throws DriverException {
    Optional<CommandResult> inShell = SHELLS.tryRun(command);
    if (inShell.isPresent()) {
      return inShell.get();
    }
    long t0 = System.nanoTime();
    Process p;
    try {
      ProcessBuilder b =
          new ProcessBuilder()
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      b.command(argv(command, b.environment()));
      p = b.start();
    } catch (IOException e) {
      throw new DriverException("cannot run " + command.display() + ": " + e.getMessage(), "");
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new DriverException(
            command.display() + " did not finish within " + command.timeout().toSeconds() + " s",
            out.getNow(""));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      return new CommandResult(
          command, p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS), took);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new DriverException("interrupted while running " + command.display(), "");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new DriverException("lost the output of " + command.display(), "");
    }
  }

  /**
   * A process of its own (never the shared shell, whose input carries command lines), with the user
   * switched as for {@link #run}.
   */
  @Override
  public RunningCommand open(Command command) throws DriverException {
    ProcessBuilder b = new ProcessBuilder();
    b.command(argv(command, b.environment()));
    Process p;
    try {
      p = b.start();
    } catch (IOException e) {
      throw new DriverException("cannot run " + command.display() + ": " + e.getMessage(), "");
    }
    OutputTail err = new OutputTail();
    return new LocalProcess(
        command, p, err, DRAINERS.submit(() -> LocalProcess.drain(p.getErrorStream(), err)));
  }

  /** The command line of {@code c}, and the environment it needs in {@code env}. */
  private static List<String> argv(Command c, java.util.Map<String, String> env) {
    List<String> argv = new ArrayList<>();
    if (c.runAs() != null && !c.runAs().equals(SELF)) {
      if ("root".equals(SELF)) {
        argv.addAll(ACCOUNTS.switchTo(c.runAs(), env));
      } else {
        argv.addAll(List.of("sudo", "-n", "-u", c.runAs(), "--"));
      }
    }
    argv.addAll(c.argv());
    return argv;
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        DRAINERS);
  }

  @Override
  public Optional<String> readFile(String path) throws DriverException {
    try {
      return Optional.of(Files.readString(Path.of(path)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new DriverException("cannot read " + path + ": " + e.getMessage(), "");
    }
  }

  @Override
  public InetSocketAddress reach(String host, int port) {
    return new InetSocketAddress(host, port);
  }
}
