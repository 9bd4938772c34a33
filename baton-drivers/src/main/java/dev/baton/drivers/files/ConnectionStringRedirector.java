package dev.baton.drivers.files;

import static dev.baton.topology.PropertyKey.NO_DEFAULT;
import static dev.baton.topology.PropertyKey.exact;
import static dev.baton.topology.PropertyKey.family;

import dev.baton.drivers.redirect.Redirector;
import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.topology.PropertyKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Points an application at another database server by rewriting only the server inside its
 * connection string, kept in a configuration file or a Windows registry value (seed 000).
 *
 * <p>Properties: {@code store} ({@code file} or {@code registry}); for a file: {@code file}, {@code
 * format} ({@code properties} with {@code key}, or {@code xml-attribute} with {@code element} and
 * {@code attribute}); for the registry: {@code registryPath} and {@code valueName}; and {@code
 * server.<component>}, the server name that stands for each component.
 */
public final class ConnectionStringRedirector implements Redirector {

  /** The entry point properties connection-string redirection reads. */
  public static final List<PropertyKey> PROPERTIES =
      List.of(
          exact("node", "the node whose setting Baton edits (required)", NO_DEFAULT),
          exact("store", "where the connection string is: file or registry (required)", NO_DEFAULT),
          exact("file", "the file holding it (store: file)", NO_DEFAULT),
          exact("format", "properties or xml-attribute (store: file)", NO_DEFAULT),
          exact("key", "the key holding it (format: properties)", NO_DEFAULT),
          exact("element", "the element holding it (format: xml-attribute)", NO_DEFAULT),
          exact("attribute", "the attribute holding it (format: xml-attribute)", NO_DEFAULT),
          exact("registryPath", "the registry key holding it (store: registry)", NO_DEFAULT),
          exact("valueName", "the registry value holding it (store: registry)", NO_DEFAULT),
          family(
              "server.", "component", "the server name that stands for a component", NO_DEFAULT));

  private final Transport node;

  /** Edits the setting on the node {@code node} reaches. */
  public ConnectionStringRedirector(Transport node) {
    this.node = node;
  }

  @Override
  public Optional<String> pointsAt(EntryPoint ep) throws DriverException {
    Store store = store(ep);
    String server = server(store, store.read());
    for (Map.Entry<String, String> e : ep.properties().entrySet()) {
      // Windows server names are not case-sensitive, and operators write them both ways.
      if (e.getKey().startsWith("server.") && e.getValue().strip().equalsIgnoreCase(server)) {
        return Optional.of(e.getKey().substring("server.".length()));
      }
    }
    return Optional.empty();
  }

  @Override
  public ActionResult redirect(EntryPoint ep, String to) throws DriverException {
    String target = ep.require("server." + to).strip();
    Store store = store(ep);
    String before = store.read();
    String current = server(store, before);
    if (current.equalsIgnoreCase(target)) {
      return new ActionResult(
          store.where() + " already names server " + current + " (" + to + ")",
          "value: " + Secrets.mask(before) + "\n(unchanged; not written)");
    }
    String evidence = store.replaceServer(target);
    return new ActionResult(
        store.where() + ": server " + current + " -> " + target + " (" + to + ")",
        "before: " + Secrets.mask(before) + "\n" + evidence);
  }

  @Override
  public boolean verify(EntryPoint ep, String to) throws DriverException {
    String want = ep.require("server." + to).strip();
    Store store = store(ep);
    return server(store, store.read()).equalsIgnoreCase(want);
  }

  private static String server(Store store, String cs) throws DriverException {
    return serverSpan(store, cs).of(cs).strip();
  }

  private static Span serverSpan(Store store, String cs) throws DriverException {
    try {
      return ConnectionString.server(cs);
    } catch (IllegalStateException e) {
      throw new DriverException(store.where() + ": the connection string " + e.getMessage(), "");
    }
  }

  private Store store(EntryPoint ep) {
    String kind = ep.require("store");
    switch (kind) {
      case "file":
        return new FileStore(ep);
      case "registry":
        return new RegistryStore(ep.require("registryPath"), ep.require("valueName"));
      default:
        throw new IllegalArgumentException(
            ep.name() + ": store = " + kind + "; expected file or registry");
    }
  }

  /** Where a connection string is kept. */
  private interface Store {
    /** For messages: the file and setting, or the registry key and value. */
    String where();

    /** The connection string as it is now. */
    String read() throws DriverException;

    /** Puts {@code server} in place of the current server; returns masked evidence. */
    String replaceServer(String server) throws DriverException;
  }

  /** A setting in a properties or XML file, rewritten atomically. */
  private final class FileStore implements Store {
    private final String file;
    private final String format;
    private final EntryPoint ep;

    FileStore(EntryPoint ep) {
      this.ep = ep;
      this.file = ep.require("file");
      this.format = ep.require("format");
      if (!format.equals("properties") && !format.equals("xml-attribute")) {
        throw new IllegalArgumentException(
            ep.name() + ": format = " + format + "; expected properties or xml-attribute");
      }
    }

    @Override
    public String where() {
      return format.equals("properties")
          ? file + " (" + ep.require("key") + ")"
          : file + " (<" + ep.require("element") + "> " + ep.require("attribute") + ")";
    }

    @Override
    public String read() throws DriverException {
      return locate(text()).text();
    }

    @Override
    public String replaceServer(String server) throws DriverException {
      String text = text();
      SettingFile.Value v = locate(text);
      Span inFile = v.inFile(serverSpan(this, v.text()));
      boolean xml = format.equals("xml-attribute");
      String after = inFile.replace(text, xml ? SettingFile.xmlEscape(server) : server);
      AtomicFile.write(node, file, after);
      String newValue = locate(after).text();
      return "after: " + Secrets.mask(newValue) + "\n(written through " + file + ".baton-tmp)";
    }

    private String text() throws DriverException {
      return node.readFile(file)
          .orElseThrow(() -> new DriverException(file + " does not exist on the node", ""));
    }

    private SettingFile.Value locate(String text) throws DriverException {
      try {
        return format.equals("properties")
            ? SettingFile.properties(text, ep.require("key"))
            : SettingFile.xmlAttribute(text, ep.require("element"), ep.require("attribute"));
      } catch (IllegalStateException e) {
        throw new DriverException(file + " " + e.getMessage(), "");
      }
    }
  }

  /** A string value in the Windows registry, read and set with PowerShell. */
  private final class RegistryStore implements Store {
    private final String path;
    private final String name;

    RegistryStore(String path, String name) {
      this.path = path;
      this.name = name;
    }

    @Override
    public String where() {
      return path + " value " + name;
    }

    @Override
    public String read() throws DriverException {
      String out = run(PowerShell.getScript(path, name), "read").stdout();
      // PowerShell ends its output with a line break that is not part of the value.
      return out.replaceAll("[\\r\\n]+$", "");
    }

    @Override
    public String replaceServer(String server) throws DriverException {
      String cs = read();
      String after = serverSpan(this, cs).replace(cs, server);
      run(PowerShell.setScript(path, name, after), "set");
      // The evidence shows the command with the password masked, never the command as run.
      return "after: "
          + Secrets.mask(after)
          + "\n$ powershell -NoProfile -NonInteractive -Command "
          + PowerShell.setScript(path, name, Secrets.mask(after));
    }

    private CommandResult run(String script, String verb) throws DriverException {
      Command c = PowerShell.command(script);
      CommandResult r;
      try {
        r = node.run(c);
      } catch (DriverException e) {
        throw new DriverException("could not run PowerShell to " + verb + " " + where(), "");
      }
      if (!r.ok()) {
        String why = Secrets.firstLine(r.stderr());
        throw new DriverException(
            "could not " + verb + " " + where() + " (exit " + r.exitCode() + "): " + why, why);
      }
      return r;
    }
  }
}
