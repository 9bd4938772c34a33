package dev.baton.testkit.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that a node received every command Baton sent at most once: the node's record (one file
 * per SSH exec request and per long-lived shell's input, see {@link LocalSshd#startRecording}) must
 * show each id of {@link TaggedCommands} no more than once. An id received twice is a command sent
 * twice below the engine, where nobody decided to repeat it.
 */
public final class DuplicateCommandsChecker {

  private static final Pattern ID =
      Pattern.compile("\\b" + TaggedCommands.VARIABLE + "=([0-9]+)\\b");
  private static final int SHOWN = 10;

  private DuplicateCommandsChecker() {}

  /**
   * What the node received compared with what Baton sent.
   *
   * @param sent commands Baton sent
   * @param received distinct ids the node received
   * @param duplicated ids received more than once, with what each command was, sorted by id
   * @param neverArrived ids sent that the node never received (a link that dropped first)
   * @param outcomeUnknown calls that ended with their outcome unknown
   */
  public record Result(
      int sent, int received, List<String> duplicated, int neverArrived, int outcomeUnknown) {

    public boolean ok() {
      return duplicated.isEmpty();
    }

    public String summary() {
      String counts =
          sent
              + " commands sent, "
              + received
              + " received, "
              + neverArrived
              + " never arrived, "
              + outcomeUnknown
              + " with their outcome unknown";
      if (ok()) {
        return "no duplicated commands: " + counts;
      }
      String head = duplicated.stream().limit(SHOWN).collect(Collectors.joining("; "));
      return "DUPLICATED COMMANDS: "
          + duplicated.size()
          + " received more than once ["
          + head
          + (duplicated.size() > SHOWN ? "; …" : "")
          + "]; "
          + counts;
    }
  }

  /** Compares the record in {@code dir} with what {@code sent} says Baton sent. */
  public static Result check(Path dir, List<TaggedCommands.Sent> sent) {
    Map<Long, Integer> times = receivedTimes(dir);
    Map<Long, TaggedCommands.Sent> byId = new TreeMap<>();
    sent.forEach(s -> byId.put(s.id(), s));
    List<String> duplicated = new ArrayList<>();
    times.forEach(
        (id, n) -> {
          if (n > 1) {
            TaggedCommands.Sent s = byId.get(id);
            String what = s == null ? "an id Baton never sent" : s.node() + ": " + s.display();
            duplicated.add("id " + id + " " + n + " times (" + what + ")");
          }
        });
    int neverArrived = (int) byId.keySet().stream().filter(id -> !times.containsKey(id)).count();
    int unknown =
        (int)
            sent.stream().filter(s -> s.ending() == TaggedCommands.Ending.OUTCOME_UNKNOWN).count();
    return new Result(sent.size(), times.size(), duplicated, neverArrived, unknown);
  }

  /** How many times the record shows each id, by id. */
  static Map<Long, Integer> receivedTimes(Path dir) {
    Map<Long, Integer> times = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        Matcher m = ID.matcher(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
        while (m.find()) {
          times.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the command record in " + dir, e);
    }
    return times;
  }
}
