package dev.baton.drivers.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How root runs a command as another local user. runuser opens a PAM session for every command,
 * which costs about 10 ms more than setpriv on a busy two-core machine, and the fence of a
 * switchover runs while clients wait (ADR 0037). So setpriv takes the user's ids and groups and
 * gets the variables runuser sets (HOME, USER, LOGNAME); a user that /etc/passwd does not name (one
 * from LDAP, say), or a host without setpriv, keeps runuser.
 */
final class Accounts {

  /** A passwd entry: what a command run as this user needs. */
  record Account(String name, String uid, String gid, String home) {}

  private final Path passwd;
  private final boolean setpriv;
  private final Map<String, Optional<Account>> known = new ConcurrentHashMap<>();

  Accounts(Path passwd, boolean setpriv) {
    this.passwd = passwd;
    this.setpriv = setpriv;
  }

  /** This machine's accounts, with setpriv if it is installed where util-linux puts it. */
  static Accounts local() {
    return new Accounts(
        Path.of("/etc/passwd"),
        Files.isExecutable(Path.of("/usr/bin/setpriv"))
            || Files.isExecutable(Path.of("/bin/setpriv")));
  }

  /** The prefix that runs a command as {@code user}, setting what it needs in {@code env}. */
  List<String> switchTo(String user, Map<String, String> env) {
    Optional<Account> a = setpriv ? account(user) : Optional.empty();
    if (a.isEmpty()) {
      return List.of("runuser", "-u", user, "--");
    }
    env.put("HOME", a.get().home());
    env.put("USER", a.get().name());
    env.put("LOGNAME", a.get().name());
    return List.of(
        "setpriv", "--reuid=" + a.get().uid(), "--regid=" + a.get().gid(), "--init-groups", "--");
  }

  Optional<Account> account(String user) {
    return known.computeIfAbsent(user, this::read);
  }

  private Optional<Account> read(String user) {
    try {
      for (String line : Files.readAllLines(passwd)) {
        String[] f = line.split(":", -1);
        if (f.length >= 7
            && f[0].equals(user)
            && f[2].matches("\\d+")
            && f[3].matches("\\d+")
            && !f[5].isEmpty()) {
          return Optional.of(new Account(f[0], f[2], f[3], f[5]));
        }
      }
    } catch (IOException e) {
      // runuser asks NSS itself
    }
    return Optional.empty();
  }
}
