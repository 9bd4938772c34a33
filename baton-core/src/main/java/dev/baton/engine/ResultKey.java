package dev.baton.engine;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A named, typed value an action reports beside its sentence. The journal stores it with the step's
 * outcome, so readers take figures and names from here, never from the wording of a sentence or the
 * layout of evidence.
 *
 * @param name the key under which the value is journaled
 * @param reader turns the journaled text back into the value
 */
public record ResultKey<T>(String name, Function<String, T> reader) {

  /** How long a step's action took, in milliseconds: the engine's own figure on every outcome. */
  public static final ResultKey<Long> ACTION_MS = count("actMs");

  /** Transactions the failed primary committed that the new one never received. */
  public static final ResultKey<Long> UNREPLICATED_TRANSACTIONS = count("unreplicatedTransactions");

  /** The name of a bookmark (a restore point) an action set. */
  public static final ResultKey<String> BOOKMARK = text("bookmark");

  /** The component a bookmark was set on. */
  public static final ResultKey<String> BOOKMARK_COMPONENT = text("bookmarkComponent");

  /** The write-ahead log position of a bookmark. */
  public static final ResultKey<String> BOOKMARK_LSN = text("bookmarkLsn");

  /** When a bookmark was set, as the server's clock gave it. */
  public static final ResultKey<String> BOOKMARK_TIME = text("bookmarkTime");

  /** The timeline a bookmark was set on. */
  public static final ResultKey<String> BOOKMARK_TIMELINE = text("bookmarkTimeline");

  /** How long a pooler held its clients, from its PAUSE to its RESUME, in milliseconds. */
  public static final ResultKey<Long> PAUSE_MS = count("pauseMs");

  /** How many clients waited at a pooler when it let them go on. */
  public static final ResultKey<Long> WAITING_CLIENTS = count("waitingClients");

  /** Time an action spent in commands on nodes (a shell, ssh), in milliseconds. */
  public static final ResultKey<Long> REMOTE_MS = count("remoteMs");

  /** How many commands an action ran on nodes. */
  public static final ResultKey<Long> REMOTE_COMMANDS = count("remoteCommands");

  public static ResultKey<String> text(String name) {
    return new ResultKey<>(name, Function.identity());
  }

  public static ResultKey<Long> count(String name) {
    return new ResultKey<>(name, Long::valueOf);
  }

  /** The value under this key in journaled data, if present and readable. */
  public Optional<T> in(Map<String, String> data) {
    String text = data.get(name);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(reader.apply(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
