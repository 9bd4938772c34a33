package dev.baton.drivers.transport;

import dev.baton.engine.DriverException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * A command started on a node with its standard input and output open as byte streams, not text:
 * what a copy between two nodes reads from one and writes into the other ({@link Pipe}). Closing it
 * ends the command if it still runs.
 */
public interface RunningCommand extends AutoCloseable {

  /** How a command ended: its exit code and the end of what it wrote on standard error. */
  record Exit(int code, String stderr) {
    public boolean ok() {
      return code == 0;
    }

    /** The last line the command wrote on standard error, where a failing tool says why. */
    public String lastLine() {
      return stderr.strip().lines().reduce((a, b) -> b).orElse("");
    }
  }

  Command command();

  /** The command's standard input; closing it gives the command end-of-file. */
  OutputStream stdin();

  /** The command's standard output, byte for byte. */
  InputStream stdout();

  /** What the command has written on standard error so far (its end, when it said much). */
  String stderr();

  /**
   * Waits at most {@code within} for the command to end: its exit, or empty when it still runs.
   * Throws when its end cannot be known (the connection to its node was lost).
   */
  Optional<Exit> await(Duration within) throws DriverException;

  /** Ends the command if it still runs and releases its streams; harmless when it has ended. */
  @Override
  void close();
}
