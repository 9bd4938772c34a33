package dev.baton.drivers.ssh;

import dev.baton.drivers.transport.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a command's argv becomes the one string an SSH exec request carries, for the shell that the
 * remote side runs it with: a POSIX shell, or PowerShell started from cmd.exe (the default shell of
 * Windows OpenSSH) on a Windows host.
 */
public enum RemoteShell {
  POSIX {
    @Override
    public String render(Command command, String loginUser) {
      List<String> argv = new ArrayList<>();
      if (command.runAs() != null && !command.runAs().equals(loginUser)) {
        // root switches user with runuser, which every Debian host has; anyone else needs sudo,
        // and -n makes a sudo that wants a password fail like any other command.
        argv.addAll(
            "root".equals(loginUser)
                ? List.of("runuser", "-u", command.runAs(), "--")
                : List.of("sudo", "-n", "-u", command.runAs(), "--"));
      }
      argv.addAll(command.argv());
      return posixJoin(argv);
    }

    @Override
    String readFile(String path) {
      return posixJoin(List.of("cat", "--", path));
    }

    @Override
    boolean missing(int exitCode, String stderr) {
      return exitCode == 1 && stderr.contains("No such file or directory");
    }
  },

  POWERSHELL {
    @Override
    public String render(Command command, String loginUser) {
      if (command.runAs() != null && !command.runAs().equalsIgnoreCase(loginUser)) {
        throw new IllegalArgumentException(
            "cannot run as " + command.runAs() + " on a Windows node; log in as that user");
      }
      String call =
          command.argv().stream()
              .map(RemoteShell::powershellLiteral)
              .collect(Collectors.joining(" "));
      // Stop turns a failing cmdlet into exit 1; a native program's own exit code is passed on.
      return powershell("$ErrorActionPreference = 'Stop'; & " + call + "; exit $LASTEXITCODE");
    }

    @Override
    String readFile(String path) {
      String p = powershellLiteral(path);
      return powershell(
          "if (Test-Path -LiteralPath "
              + p
              + " -PathType Leaf) { Get-Content -Raw -LiteralPath "
              + p
              + " } else { exit "
              + MISSING
              + " }");
    }

    @Override
    boolean missing(int exitCode, String stderr) {
      return exitCode == MISSING;
    }
  };

  // The exit code the PowerShell file reader uses for "no such file".
  private static final int MISSING = 44;

  /** The exec string that runs {@code command} after logging in as {@code loginUser}. */
  public abstract String render(Command command, String loginUser);

  /** The exec string that prints the content of the file at {@code path}. */
  abstract String readFile(String path);

  /** Whether a failed read says the file does not exist. */
  abstract boolean missing(int exitCode, String stderr);

  private static String posixJoin(List<String> argv) {
    return dev.baton.drivers.transport.LineShell.posixJoin(argv);
  }

  static String posixQuote(String s) {
    return dev.baton.drivers.transport.LineShell.posixQuote(s);
  }

  // The script goes to powershell.exe through cmd.exe (Windows OpenSSH's default shell) inside
  // double quotes, so the script itself never contains a double quote, a percent sign or a line
  // break: those are spliced in as [char] values, which neither cmd.exe nor PowerShell re-reads.
  static String powershellLiteral(String s) {
    List<String> parts = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '%' || c == '\r' || c == '\n') {
        parts.add(singleQuoted(run));
        parts.add("[char]" + (int) c);
        run.setLength(0);
      } else {
        run.append(c);
      }
    }
    parts.add(singleQuoted(run));
    List<String> kept = new ArrayList<>(parts.stream().filter(p -> !p.equals("''")).toList());
    if (kept.isEmpty() || kept.get(0).startsWith("[char]")) {
      // A sum that starts with a [char] would add numbers; a leading string makes it text.
      kept.add(0, "''");
    }
    return kept.size() == 1 ? kept.get(0) : "(" + String.join(" + ", kept) + ")";
  }

  private static String singleQuoted(CharSequence s) {
    // PowerShell also ends a single-quoted string at the typographic single quotes.
    return "'" + s.toString().replaceAll("(['\u2018\u2019\u201a\u201b])", "$1$1") + "'";
  }

  private static String powershell(String script) {
    return "powershell -NoProfile -NonInteractive -Command \"" + script + "\"";
  }
}
