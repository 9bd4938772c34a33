package dev.baton.drivers.transport;

import java.time.Duration;
import java.util.List;

/**
 * A command to run on a node: its argv (never a shell string, so nothing is re-parsed), the OS user
 * to run it as (null: the transport's own user), and a timeout every command must have.
 */
public record Command(List<String> argv, String runAs, Duration timeout) {

  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs a program");
    }
  }

  public static Command of(Duration timeout, String... argv) {
    return new Command(List.of(argv), null, timeout);
  }

  public Command as(String user) {
    return new Command(argv, user, timeout);
  }

  /** The command as an operator would type it, for evidence. */
  public String display() {
    StringBuilder b = new StringBuilder(runAs == null ? "" : "[" + runAs + "] ");
    for (String a : argv) {
      b.append(a.matches("[A-Za-z0-9_./=:,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
          .append(' ');
    }
    return b.toString().strip();
  }
}
