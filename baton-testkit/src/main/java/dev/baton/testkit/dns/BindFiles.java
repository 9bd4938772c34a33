package dev.baton.testkit.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.stream.Stream;

/**
 * The files of a {@link LocalBind}: its configuration, its zone, and the directory holding them.
 */
final class BindFiles {

  private BindFiles() {}

  static Path tempDir() {
    try {
      return Files.createTempDirectory("baton-bind-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for named", e);
    }
  }

  /** Writes named.conf and the zone file, and hands the directory to named's user. */
  static void write(Path dir, int port, String secret) {
    try {
      Files.writeString(dir.resolve("named.conf"), conf(dir, port, secret));
      Files.writeString(dir.resolve("baton.test.zone"), ZONE_FILE);
      if (Commands.jvmIsRoot()) {
        // named drops root after reading its configuration; it must still write the journal.
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.toList()) {
            giveToBind(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write named's files in " + dir, e);
    }
  }

  private static String conf(Path dir, int port, String secret) {
    return String.join(
        "\n",
        "key \"" + LocalBind.KEY_NAME + "\" { algorithm hmac-sha256; secret \"" + secret + "\"; };",
        "controls { };",
        "options {",
        "  directory \"" + dir + "\";",
        "  pid-file \"" + dir.resolve("named.pid") + "\";",
        "  listen-on port " + port + " { 127.0.0.1; };",
        "  listen-on-v6 { none; };",
        "  recursion no;",
        "  allow-query { any; };",
        "  dnssec-validation no;",
        "};",
        "zone \"" + LocalBind.ZONE + "\" {",
        "  type primary;",
        "  file \"" + dir.resolve("baton.test.zone") + "\";",
        "  journal \"" + dir.resolve("baton.test.zone.jnl") + "\";",
        "  allow-update { key " + LocalBind.KEY_NAME + "; };",
        "};",
        "");
  }

  private static final String ZONE_FILE =
      String.join(
          "\n",
          "$TTL 300",
          "@ IN SOA ns.baton.test. hostmaster.baton.test. 1 3600 600 86400 60",
          "@ IN NS ns.baton.test.",
          "ns 300 IN A 127.0.0.1",
          "db 300 IN A 127.0.0.1",
          "");

  private static void giveToBind(Path p) throws IOException {
    UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName(LocalBind.OS_USER));
    view.setGroup(users.lookupPrincipalByGroupName(LocalBind.OS_USER));
  }

  /** A file's text, or a note that it cannot be read (for error messages). */
  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
