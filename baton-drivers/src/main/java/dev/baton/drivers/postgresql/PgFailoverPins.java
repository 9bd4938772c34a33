package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seed 002's failover pins on a node: hosts-file lines that name the other side's hosts with an
 * address on this node's side, so that a client failing over while the sides are apart lands on its
 * own side. Baton's lines end in {@code # baton-pin} and go first, since resolvers take the first
 * line that names a host; everything else in the file is left as it is.
 *
 * <p>The file is rewritten in place (same inode), never replaced by a rename: a client in a network
 * namespace sees {@code /etc/netns/NAME/hosts} bind-mounted over {@code /etc/hosts}, and a rename
 * would leave it reading the old file. An entry's address may be a name, resolved through the
 * file's own lines; {@code 127.0.0.1}, the seed's "this machine", becomes the address the file
 * gives this node's own host name when it gives one, since nodes that share one machine (each on
 * its own loopback address) are told apart only by that address.
 */
final class PgFailoverPins {

  static final String MARK = "# baton-pin";
  static final String DEFAULT_FILE = "/etc/hosts";
  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration SHORT = Duration.ofSeconds(30);

  private PgFailoverPins() {}

  /** Whether the file holds any of Baton's pins. */
  static boolean pinned(Transport t, String file) throws DriverException {
    return read(t, file).stream().anyMatch(PgFailoverPins::isPin);
  }

  /**
   * Writes one pin per entry of {@code entries} ({@code name=address,...}) in place of any earlier
   * ones; {@code self} is the node's own host name.
   */
  static ActionResult pin(Transport t, String file, String self, String entries)
      throws DriverException {
    List<String> lines = read(t, file);
    List<String> kept = lines.stream().filter(l -> !isPin(l)).toList();
    Map<String, String> names = names(kept);
    List<String> added = new ArrayList<>();
    for (String e : entries.split(",")) {
      if (e.isBlank()) {
        continue;
      }
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new DriverException("a failover pin needs name=address, not '" + e + "'", "");
      }
      String name = e.substring(0, eq).strip();
      String address = address(e.substring(eq + 1).strip(), self, names, file);
      added.add(address + " " + name + " " + MARK);
    }
    // First: resolvers (glibc, the JDK's hosts-file one) take the first line naming a host.
    List<String> out = new ArrayList<>(added);
    out.addAll(kept);
    String before = String.join("\n", lines);
    write(t, file, out);
    return new ActionResult(
        "pinned in " + file + ": " + String.join("; ", added),
        "before:\n" + before + "\nafter:\n" + String.join("\n", out));
  }

  /** Removes Baton's pins and nothing else. */
  static ActionResult unpin(Transport t, String file) throws DriverException {
    List<String> lines = read(t, file);
    List<String> kept = lines.stream().filter(l -> !isPin(l)).toList();
    if (kept.size() == lines.size()) {
      return new ActionResult(file + " holds no failover pins", "");
    }
    write(t, file, kept);
    return new ActionResult(
        "removed " + (lines.size() - kept.size()) + " failover pins from " + file,
        String.join("\n", lines));
  }

  private static String address(String given, String self, Map<String, String> names, String file)
      throws DriverException {
    if (given.equals(LOOPBACK)) {
      return Optional.ofNullable(self).map(names::get).orElse(LOOPBACK);
    }
    if (given.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return given;
    }
    String a = names.get(given);
    if (a == null) {
      throw new DriverException(
          "cannot pin to "
              + given
              + ": "
              + file
              + " does not name it; add its address there or give an address",
          "");
    }
    return a;
  }

  /** Name to address, from lines that are not Baton's (the first address given for a name). */
  private static Map<String, String> names(List<String> lines) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String l : lines) {
      String s = l.contains("#") ? l.substring(0, l.indexOf('#')) : l;
      String[] f = s.strip().split("\\s+");
      for (int i = 1; i < f.length; i++) {
        out.putIfAbsent(f[i], f[0]);
      }
    }
    return out;
  }

  private static boolean isPin(String line) {
    return line.stripTrailing().endsWith(MARK);
  }

  private static List<String> read(Transport t, String file) throws DriverException {
    String text =
        t.readFile(file)
            .orElseThrow(
                () ->
                    new DriverException(
                        "the hosts file " + file + " does not exist on this node", ""));
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** Truncates and writes the same file, so bind mounts of it see the change. */
  private static void write(Transport t, String file, List<String> lines) throws DriverException {
    String content = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    CommandResult r =
        t.run(Command.of(SHORT, "sh", "-c", "printf '%s' \"$1\" > \"$2\"", "sh", content, file));
    if (r.exitCode() != 0) {
      throw new DriverException("cannot write " + file + ": " + r.stderr(), r.transcript());
    }
  }
}
