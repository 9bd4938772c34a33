package dev.baton.drivers.postgresql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a base backup held when it was made, one line per file ({@code <sha256> <size> <relative
 * path>}), written into the backup as {@value #FILE} and compared against its files before the
 * backup counts as verified and again before it is restored.
 */
final class BackupManifest {

  static final String FILE = "baton-manifest";

  /** One file's size and SHA-256. */
  record Entry(String sha256, long size) {}

  /** How many differences a sentence names before it only counts the rest. */
  private static final int NAMED = 5;

  // The node lists every regular file twice, sizes (find -printf) and digests (sha256sum), and awk
  // joins them by path: a process per file would cost seconds on a data directory of thousands.
  // A file that cannot be read makes the whole listing fail (exit 3) rather than go missing.
  // The manifest itself, its partial copy and the .verified marker are not part of what it covers.
  private static final String JOIN =
      "$1 == \"S\" { p = substr($0, length($2) + 4); size[p] = $2; next }"
          + " $0 == \"BATON-UNREADABLE\" { bad = 1; next }"
          + " { sum[substr($0, 67)] = $1 }"
          + " END { if (bad) exit 3; for (p in size) {"
          + " if (p == \"./"
          + FILE
          + "\" || p == \"./"
          + FILE
          + ".part\""
          + " || p == \"./"
          + PgPhysicalBackup.VERIFIED
          + "\") continue;"
          + " print sum[p], size[p], substr(p, 3) } }";

  private static final String LIST =
      "cd \"$1\" || exit 2; "
          + "{ find . -type f -printf 'S %s %p\\n' && find . -type f -exec sha256sum -- {} + "
          + "|| echo BATON-UNREADABLE; } | LC_ALL=C awk '"
          + JOIN
          + "'";

  private BackupManifest() {}

  /** A shell program that prints the manifest lines of the directory {@code $1}. */
  static String listing() {
    return LIST;
  }

  /** A shell program that writes the manifest of the directory {@code $1} into it, sorted. */
  static String writing() {
    return LIST
        + " > "
        + FILE
        + ".part && LC_ALL=C sort -k3 -o "
        + FILE
        + ".part "
        + FILE
        + ".part && mv -f "
        + FILE
        + ".part "
        + FILE;
  }

  /** The entries of a manifest's text, by relative path; a malformed line is an error. */
  static Map<String, Entry> parse(String text) {
    Map<String, Entry> entries = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(" ", 3);
      if (f.length != 3 || !f[0].matches("[0-9a-f]{64}") || !f[1].matches("\\d+")) {
        throw new IllegalArgumentException("not a manifest line: " + line);
      }
      entries.put(f[2], new Entry(f[0], Long.parseLong(f[1])));
    }
    return entries;
  }

  /** Sentences for each way {@code found} differs from {@code recorded}; none when they agree. */
  static List<String> differences(Map<String, Entry> recorded, Map<String, Entry> found) {
    List<String> out = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(recorded.keySet());
    paths.addAll(found.keySet());
    for (String p : paths) {
      Entry r = recorded.get(p);
      Entry f = found.get(p);
      if (f == null) {
        out.add(p + " is missing");
      } else if (r == null) {
        out.add(p + " is not in the manifest");
      } else if (r.size() != f.size()) {
        out.add(p + " has " + f.size() + " bytes, the manifest says " + r.size());
      } else if (!r.sha256().equals(f.sha256())) {
        out.add(p + " has another SHA-256 than the manifest says");
      }
    }
    return out;
  }

  /** The first few differences, and how many more there are. */
  static String describe(List<String> differences) {
    String named = String.join("; ", differences.subList(0, Math.min(NAMED, differences.size())));
    int more = differences.size() - NAMED;
    return more > 0 ? named + "; and " + more + " more" : named;
  }

  /** The bytes all files of a manifest hold. */
  static long bytes(Map<String, Entry> entries) {
    return entries.values().stream().mapToLong(Entry::size).sum();
  }
}
