package dev.baton.drivers.transport;

import dev.baton.engine.DriverException;
import dev.baton.engine.OutcomeUnknownException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One long-lived {@code sh} per local user that this process runs commands as, fed through {@link
 * LineShell}: starting a process from the JVM, switching user and starting a shell cost about 10 ms
 * a command on an idle two-core machine (more when it is busy) against under 3 ms for a line
 * written to a shell already running, and a switchover's fence runs while a pooler holds its
 * clients (ADR 0039). A shell busy with another thread's command is not waited for: the caller
 * starts a process of its own, as before. The shells end with this process (their input closes), or
 * when a command runs out of time (with everything the shell started).
 */
final class LocalShells {

  /** A user's shell and who is using it. */
  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    Process process; // guarded by lock
    LineShell shell; // guarded by lock
  }

  private final String self;
  private final Accounts accounts;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final Map<String, Boolean> programs = new ConcurrentHashMap<>();

  LocalShells(String self, Accounts accounts) {
    this.self = self;
    this.accounts = accounts;
  }

  /**
   * Runs {@code c} in its user's shell; empty when that shell is busy, when the user is switched to
   * by sudo (Baton not root) or not named in /etc/passwd, or when the program is not there (so that
   * the caller's own start says "cannot run" as it always did).
   */
  Optional<CommandResult> tryRun(Command c) throws DriverException {
    String user = c.runAs() == null ? self : c.runAs();
    if (!user.equals(self) && !("root".equals(self) && accounts.account(user).isPresent())) {
      return Optional.empty();
    }
    if (!found(c.argv().get(0))) {
      return Optional.empty();
    }
    Slot slot = slots.computeIfAbsent(user, u -> new Slot());
    if (!slot.lock.tryLock()) {
      return Optional.empty();
    }
    try {
      return Optional.of(run(slot, user, c));
    } finally {
      slot.lock.unlock();
    }
  }

  private CommandResult run(Slot slot, String user, Command c) throws DriverException {
    long t0 = System.nanoTime();
    if (slot.shell == null || !slot.shell.isOpen()) {
      start(slot, user);
    }
    try {
      LineShell.Output o = slot.shell.run(LineShell.posixJoin(c.argv()), c.timeout());
      return new CommandResult(
          c, o.exitCode(), o.stdout(), o.stderr(), Duration.ofNanos(System.nanoTime() - t0));
    } catch (TimeoutException e) {
      end(slot);
      throw new DriverException(
          c.display() + " did not finish within " + c.timeout().toSeconds() + " s", "");
    } catch (IOException e) {
      end(slot);
      throw new OutcomeUnknownException(
          "the local shell ended while running " + c.display() + ": " + e.getMessage(), "");
    }
  }

  private void start(Slot slot, String user) throws DriverException {
    List<String> argv = new ArrayList<>();
    ProcessBuilder b = new ProcessBuilder();
    if (!user.equals(self)) {
      argv.addAll(accounts.switchTo(user, b.environment()));
    }
    argv.add("sh");
    try {
      Process p = b.command(argv).start();
      slot.process = p;
      slot.shell =
          new LineShell(
              p.getOutputStream(),
              p.getInputStream(),
              p.getErrorStream(),
              () -> destroy(p),
              p::isAlive);
    } catch (IOException e) {
      throw new DriverException("cannot start a shell as " + user + ": " + e.getMessage(), "");
    }
  }

  private static void end(Slot slot) {
    if (slot.process != null) {
      destroy(slot.process);
    }
    slot.process = null;
    slot.shell = null;
  }

  /** Ends a shell and everything it started, as a command that ran out of time always was. */
  private static void destroy(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** Whether {@code program} names an executable file, by its path or on PATH. */
  private boolean found(String program) {
    return programs.computeIfAbsent(program, LocalShells::lookUp);
  }

  private static boolean lookUp(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
