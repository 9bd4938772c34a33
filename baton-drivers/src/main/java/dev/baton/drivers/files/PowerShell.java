package dev.baton.drivers.files;

import dev.baton.drivers.transport.Command;
import java.time.Duration;

/** Renders the PowerShell that reads and writes one registry value on a Windows node. */
final class PowerShell {

  // Without 'Stop', a failed cmdlet only writes an error and the process may still exit 0.
  private static final String PREAMBLE = "$ErrorActionPreference = 'Stop'; ";

  private PowerShell() {}

  /**
   * A single-quoted PowerShell string. PowerShell also treats the typographic quotes U+2018–U+201B
   * as single quotes, so each of them is doubled as well.
   */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("'");
    for (char c : s.toCharArray()) {
      b.append(c);
      if (c == '\'' || (c >= '\u2018' && c <= '\u201B')) {
        b.append(c);
      }
    }
    return b.append('\'').toString();
  }

  // -LiteralPath, not -Path: a registry key name may contain '[' or '*', which -Path expands.
  static String getScript(String path, String name) {
    return PREAMBLE + "Get-ItemPropertyValue -LiteralPath " + quote(path) + " -Name " + quote(name);
  }

  static String setScript(String path, String name, String value) {
    return PREAMBLE
        + "Set-ItemProperty -LiteralPath "
        + quote(path)
        + " -Name "
        + quote(name)
        + " -Value "
        + quote(value);
  }

  static Command command(String script) {
    return Command.of(
        Duration.ofSeconds(60), "powershell", "-NoProfile", "-NonInteractive", "-Command", script);
  }
}
