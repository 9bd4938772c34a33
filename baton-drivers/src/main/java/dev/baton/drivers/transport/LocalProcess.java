package dev.baton.drivers.transport;

import dev.baton.engine.DriverException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A local command of its own process, its input and output streamed ({@link RunningCommand}). */
final class LocalProcess implements RunningCommand {

  // Standard error is closed by the command and whatever it left running in the background; past
  // the command's own exit, its end is waited for this long and then taken as it is.
  private static final Duration STDERR_GRACE = Duration.ofSeconds(2);

  private final Command command;
  private final Process process;
  private final OutputTail stderr;
  private final Future<?> stderrDrained;

  LocalProcess(Command command, Process process, OutputTail stderr, Future<?> stderrDrained) {
    this.command = command;
    this.process = process;
    this.stderr = stderr;
    this.stderrDrained = stderrDrained;
  }

  @Override
  public Command command() {
    return command;
  }

  @Override
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  @Override
  public InputStream stdout() {
    return process.getInputStream();
  }

  @Override
  public String stderr() {
    return stderr.text();
  }

  @Override
  public Optional<Exit> await(Duration within) throws DriverException {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.empty();
      }
      stderrDrained.get(STDERR_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new DriverException("interrupted while running " + command.display(), "");
    } catch (ExecutionException | TimeoutException e) {
      // Standard error as far as it came.
    }
    return Optional.of(new Exit(process.exitValue(), stderr.text()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    quietly(process.getOutputStream());
    quietly(process.getInputStream());
  }

  private static void quietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // a broken pipe to a command that has ended: nothing to release
    }
  }

  /** Drains a process's standard error into {@code tail}. */
  static void drain(InputStream err, OutputTail tail) {
    try (err) {
      err.transferTo(tail);
    } catch (IOException e) {
      // the process ended and took its pipe with it
    }
  }
}
