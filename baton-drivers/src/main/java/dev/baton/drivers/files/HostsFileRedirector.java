package dev.baton.drivers.files;

import static dev.baton.topology.PropertyKey.NO_DEFAULT;
import static dev.baton.topology.PropertyKey.exact;
import static dev.baton.topology.PropertyKey.family;

import dev.baton.drivers.redirect.Redirector;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.topology.PropertyKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pins an entry point's host names to one component's address with a marked block in one node's
 * hosts file, and removes the block again; everything outside the block is left untouched.
 *
 * <p>Properties: {@code file} (default {@code /etc/hosts}), {@code hostnames} (space-separated, the
 * first is the one clients use), {@code address.<component>}.
 */
public final class HostsFileRedirector implements Redirector {

  private static final String DEFAULT_FILE = "/etc/hosts";

  /** The entry point properties hosts-file redirection reads. */
  public static final List<PropertyKey> PROPERTIES =
      List.of(
          exact("node", "the node whose hosts file Baton edits (required)", NO_DEFAULT),
          exact("file", "the hosts file", DEFAULT_FILE),
          exact(
              "hostnames",
              "the names to pin, space-separated, the first used by clients",
              NO_DEFAULT),
          family("address.", "component", "the address of a component", NO_DEFAULT));

  private final Transport node;

  /** Edits the hosts file of the node {@code node} reaches. */
  public HostsFileRedirector(Transport node) {
    this.node = node;
  }

  @Override
  public Optional<String> pointsAt(EntryPoint ep) throws DriverException {
    Optional<String> address = read(ep).blockAddress();
    if (address.isEmpty()) {
      return Optional.empty();
    }
    List<String> owners = new ArrayList<>();
    for (Map.Entry<String, String> e : ep.properties().entrySet()) {
      if (e.getKey().startsWith("address.") && e.getValue().strip().equals(address.get())) {
        owners.add(e.getKey().substring("address.".length()));
      }
    }
    if (owners.size() > 1) {
      throw new DriverException(
          ep.name() + ": address " + address.get() + " belongs to " + owners + "; cannot tell", "");
    }
    return owners.stream().findFirst();
  }

  @Override
  public ActionResult redirect(EntryPoint ep, String to) throws DriverException {
    String entry = address(ep, to) + " " + String.join(" ", hostnames(ep));
    String text = text(ep);
    HostsFile now = parse(ep, text);
    String after = now.withEntry(entry);
    String block = now.begin() + "\n" + entry + "\n" + now.end();
    if (after.equals(text)) {
      return new ActionResult(
          file(ep) + ": " + ep.name() + " already pins " + hostnames(ep).get(0) + " to " + to,
          block + "\n(unchanged; not written)");
    }
    AtomicFile.write(node, file(ep), after);
    String shadow = problem(ep, to).map(p -> "\nwarning: " + p).orElse("");
    return new ActionResult(
        file(ep) + ": " + ep.name() + " pins " + hostnames(ep).get(0) + " to " + to,
        block + "\n(written through " + file(ep) + ".baton-tmp" + ")" + shadow);
  }

  /** Removes the entry point's block, as seed 002 does once replication is rebuilt. Idempotent. */
  public ActionResult remove(EntryPoint ep) throws DriverException {
    HostsFile now = read(ep);
    if (!now.hasBlock()) {
      return new ActionResult(file(ep) + ": " + ep.name() + " has no block; nothing to remove", "");
    }
    AtomicFile.write(node, file(ep), now.without());
    return new ActionResult(
        file(ep) + ": removed the block for " + ep.name(),
        "removed " + now.begin() + " … " + now.end());
  }

  @Override
  public boolean verify(EntryPoint ep, String to) throws DriverException {
    return problem(ep, to).isEmpty();
  }

  /**
   * Why the file, read again, does not resolve the entry point's host names to {@code to}'s
   * address, or empty when it does. The resolver reads top-down and takes the first line that names
   * the host, so a line above the block shadows it.
   */
  public Optional<String> problem(EntryPoint ep, String to) throws DriverException {
    HostsFile file = read(ep);
    String want = address(ep, to);
    for (String host : hostnames(ep)) {
      Optional<HostsFile.Match> m = file.firstMatch(host);
      if (m.isEmpty()) {
        return Optional.of(file(ep) + " does not name " + host + " at all");
      }
      HostsFile.Match hit = m.get();
      if (hit.inBlock() && !hit.address().equals(want)) {
        return Optional.of(
            String.format(
                "Baton's block in %s resolves %s to %s, not %s (%s)",
                file(ep), host, hit.address(), want, to));
      }
      if (!hit.address().equals(want)) {
        return Optional.of(
            String.format(
                "%s:%d ('%s') resolves %s to %s before Baton's block, which names %s (%s)",
                file(ep), hit.line(), hit.text(), host, hit.address(), want, to));
      }
    }
    return Optional.empty();
  }

  private HostsFile read(EntryPoint ep) throws DriverException {
    return parse(ep, text(ep));
  }

  private static HostsFile parse(EntryPoint ep, String text) throws DriverException {
    try {
      return new HostsFile(file(ep), text, ep.name());
    } catch (IllegalStateException e) {
      throw new DriverException(e.getMessage(), "");
    }
  }

  private String text(EntryPoint ep) throws DriverException {
    // A missing file is an empty one: redirect creates it, remove has nothing to do.
    return node.readFile(file(ep)).orElse("");
  }

  private static String file(EntryPoint ep) {
    return ep.properties().getOrDefault("file", DEFAULT_FILE);
  }

  private static List<String> hostnames(EntryPoint ep) {
    List<String> names = List.of(ep.require("hostnames").strip().split("\\s+"));
    for (String n : names) {
      if (n.contains("#")) {
        throw new IllegalArgumentException(ep.name() + ": host name " + n + " contains '#'");
      }
    }
    return names;
  }

  private static String address(EntryPoint ep, String component) {
    String a = ep.require("address." + component).strip();
    // The resolver silently skips a line whose first field is not an IP literal.
    if (!a.matches("[0-9A-Fa-f.:]+(%[A-Za-z0-9_.-]+)?")) {
      throw new IllegalArgumentException(
          ep.name() + ": address." + component + " = " + a + " is not an IP address");
    }
    return a;
  }
}
