package dev.baton.app;

import dev.baton.app.output.Visible;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The odd values the fuzzer puts where a value goes: empty, huge, negative, unicode, control and
 * format characters, YAML and Markdown syntax, and paths that are files, directories, devices or
 * missing. Paths Baton may write to are only ever under the fuzzer's own directory (it runs as
 * root, and {@code /etc} is writable to root).
 */
final class FuzzValues {

  private static final List<String> WORDS =
      List.of(
          "",
          " ",
          "-",
          "--",
          "-1",
          "0",
          "1",
          "2.0",
          "8.5.1",
          "99999999999999999999999",
          "9223372036854775807",
          "-9223372036854775808",
          "1e309",
          "0x1F",
          "NaN",
          "null",
          "~",
          "true",
          "no",
          "[",
          "{",
          "]]",
          "{a: [b, {c: d}]}",
          "&anchor",
          "*alias",
          "!!binary AAAA",
          "!!javaobject x",
          "'",
          "\"",
          "\\",
          "%s%n%x",
          "${HOME}",
          "$(id)",
          "`id`",
          "|",
          ">",
          "---",
          "...",
          "# not a comment",
          "a=b",
          "=",
          "x==y",
          "é",
          "日本語",
          "😀",
          "\u202eevil",
          "\u200b",
          "a\u0000b",
          "line\nbreak",
          "tab\there",
          "\u001b[31mred",
          "<script>alert(1)</script>",
          "**bold** _it_ [l](http://x)",
          "1.2.3.4.5.6.7.8.9.10",
          "15.8",
          "active-first",
          "standby-first",
          "switchBack=true",
          "maxLagBytes=abc",
          "maxLagBytes=1048576",
          "order=sideways",
          "reverse=manual",
          "same-level=because",
          "recover-active=disk gone",
          "both-automatic=x",
          "nonsense=1",
          "r-20261121-231500-a1b2",
          "r-",
          "csm-a-server",
          "node-b",
          "csm-ha",
          "takeover",
          "full-stop",
          "split-side",
          "uncluster",
          "primary-first",
          "switchover",
          "switchback",
          "failover",
          "rewind",
          "bookmark",
          "recover-active",
          "file:/dev/zero",
          "env:HOME",
          "env:",
          "file:",
          "500ms",
          "0s",
          "99999999999h",
          "http://127.0.0.1:1/hook",
          "ftp://x",
          "json",
          "md",
          "text");

  private final Path work;
  private final Path file;
  private final Path dir;

  FuzzValues(Path work) throws IOException {
    this.work = work;
    this.file = Files.writeString(work.resolve("a-file.yaml"), "not: [a topology\n");
    this.dir = Files.createDirectories(work.resolve("a-dir"));
    Files.writeString(work.resolve("args.txt"), "status\n--output\njson\n");
  }

  /** Any odd value: a word, a path to read, or a long or repeated one. */
  String any(Random r) {
    return switch (r.nextInt(10)) {
      case 0 -> readPath(r);
      case 1 -> "x".repeat(1 + r.nextInt(3000));
      case 2 -> WORDS.get(r.nextInt(WORDS.size())) + WORDS.get(r.nextInt(WORDS.size()));
      case 3 -> Integer.toString(r.nextInt()) + (r.nextBoolean() ? "s" : "");
      case 4 -> "@" + work.resolve("args.txt");
      default -> WORDS.get(r.nextInt(WORDS.size()));
    };
  }

  /** A path to read: files that are no topology, directories, devices, missing ones. */
  String readPath(Random r) {
    List<String> paths =
        List.of(
            file.toString(),
            dir.toString(),
            work.resolve("missing.yaml").toString(),
            work.resolve("missing-dir/x.yaml").toString(),
            "/etc/passwd",
            "/dev/null",
            "/dev/zero",
            "/proc/1",
            "/proc/self/status");
    return paths.get(r.nextInt(paths.size()));
  }

  /** A path to write (--events, --out): only in the case's directory, or where writing fails. */
  String writePath(Random r, Path caseDir) {
    List<String> paths =
        List.of(
            caseDir.resolve("events.jsonl").toString(),
            caseDir.resolve("missing-dir/x.jsonl").toString(),
            caseDir.toString(),
            "/nonexistent-dir-of-the-fuzzer/x.jsonl",
            "/proc/1/x.jsonl",
            "/dev/null",
            "/dev/full",
            "-");
    return paths.get(r.nextInt(paths.size()));
  }

  /** The home of a case: mostly its own missing directory, sometimes one that cannot be used. */
  String home(Random r, Path home, Path caseDir) {
    return switch (r.nextInt(12)) {
      case 0 -> file.toString();
      case 1 -> "/proc/1";
      case 2 -> caseDir.resolve("missing/home").toString();
      case 3 -> "/dev/null";
      default -> home.toString();
    };
  }

  /** An example topology, or now and then a path that is not one. */
  Path topology(Random r, List<Path> examples) {
    return r.nextInt(8) == 0 ? Path.of(readPath(r)) : examples.get(r.nextInt(examples.size()));
  }

  static String show(List<String> args) {
    StringBuilder b = new StringBuilder();
    for (String a : args) {
      String v = Visible.text(a);
      b.append(v.length() > 120 ? v.substring(0, 120) + "…(" + a.length() + ")" : v).append(' ');
    }
    return b.toString().strip();
  }
}
