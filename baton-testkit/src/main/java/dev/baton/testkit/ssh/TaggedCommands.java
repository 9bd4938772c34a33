package dev.baton.testkit.ssh;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.ForwardingTransport;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import dev.baton.engine.OutcomeUnknownException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Baton's side of the command record: wraps each node's transport so that every command it is asked
 * to run carries an id of its own ({@code env BATON_COMMAND_ID=<n> …}, which changes nothing the
 * command does), and remembers what each id was and how its call ended. A node that records what it
 * received ({@link LocalSshd#startRecording}) then shows each id once, unless a layer below this
 * one sent it again.
 */
public final class TaggedCommands {

  /** The variable that carries the id; the node's record is searched for it. */
  public static final String VARIABLE = "BATON_COMMAND_ID";

  /** How one call ended, as the caller of the transport saw it. */
  public enum Ending {
    RESULT,
    FAILED,
    OUTCOME_UNKNOWN
  }

  /** One command Baton sent: its id, the node, the command as an operator reads it, its ending. */
  public record Sent(long id, String node, String display, Ending ending) {}

  private final AtomicLong next = new AtomicLong(1);
  private final List<Sent> sent = new ArrayList<>(); // guarded by this
  private final Map<String, Transport> wrapped = new HashMap<>(); // guarded by this

  /** The transports of {@code inner}, each tagging the commands it runs. */
  public Function<String, Transport> around(Function<String, Transport> inner) {
    return node -> {
      synchronized (this) {
        return wrapped.computeIfAbsent(node, n -> new Tagging(n, inner.apply(n)));
      }
    };
  }

  /** Every command sent so far, in the order the calls ended. */
  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  private synchronized void record(Sent s) {
    sent.add(s);
  }

  private final class Tagging extends ForwardingTransport {
    private final String node;

    Tagging(String node, Transport inner) {
      super(inner);
      this.node = node;
    }

    @Override
    public CommandResult run(Command command) throws DriverException {
      long id = next.getAndIncrement();
      List<String> argv = new ArrayList<>(List.of("env", VARIABLE + "=" + id));
      argv.addAll(command.argv());
      Command tagged = new Command(argv, command.runAs(), command.timeout());
      Ending ending = Ending.FAILED;
      try {
        CommandResult r = inner.run(tagged);
        ending = Ending.RESULT;
        return r;
      } catch (OutcomeUnknownException e) {
        ending = Ending.OUTCOME_UNKNOWN;
        throw e;
      } finally {
        record(new Sent(id, node, command.display(), ending));
      }
    }
  }
}
