package dev.baton.testkit.net;

import dev.baton.testkit.pg.PgProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace a test creates, joined to the test's own namespace by veth links on private
 * 10.213.x.0/30 subnets that exist only while the test runs. A server started inside it is reached
 * only through those links, so taking a link down isolates it without touching its process (seed
 * 004 and reliability matrix row 5). Needs root and {@code ip} (iproute2).
 */
public final class NetNamespace implements AutoCloseable {

  private static final Duration IP = Duration.ofSeconds(10);
  // One subnet per link in this JVM; the pid keeps parallel JVMs' names apart.
  private static final AtomicInteger NEXT =
      new AtomicInteger((int) (ProcessHandle.current().pid() % 50) * 4);

  private final String name;
  private final List<Link> links = new ArrayList<>();

  /** One veth link: the test's end and the namespace's end, each with its address. */
  public final class Link {
    private final String hostIf;
    private final String hostAddress;
    private final String nsAddress;

    private Link(String hostIf, String hostAddress, String nsAddress) {
      this.hostIf = hostIf;
      this.hostAddress = hostAddress;
      this.nsAddress = nsAddress;
    }

    /** The address of the test's end, which servers inside see connections come from. */
    public String hostAddress() {
      return hostAddress;
    }

    /** The address inside the namespace that a server there listens on. */
    public String nsAddress() {
      return nsAddress;
    }

    /** Takes the link down: nothing crosses it until {@link #restore()}. */
    public void cut() {
      ip("link", "set", hostIf, "down");
    }

    public void restore() {
      ip("link", "set", hostIf, "up");
    }
  }

  private NetNamespace(String name) {
    this.name = name;
  }

  /** Creates a namespace with loopback up and no links yet. */
  public static NetNamespace create(String tag) {
    if (!PgProcess.jvmIsRoot()) {
      throw new IllegalStateException("network namespaces need root; run the tests as root");
    }
    NetNamespace ns = new NetNamespace("baton-" + tag + "-" + ProcessHandle.current().pid());
    ns.ipQuiet("netns", "del", ns.name); // left over from a killed run of this same pid
    ns.ip("netns", "add", ns.name);
    ns.ip("netns", "exec", ns.name, "ip", "link", "set", "lo", "up");
    return ns;
  }

  /** Adds a veth link between the test and the namespace, and brings both ends up. */
  public Link link() {
    // A name or subnet another test run still holds is skipped, never taken over.
    for (int attempt = 0; attempt < 64; attempt++) {
      int n = NEXT.getAndIncrement() % 16_000;
      String hostIf = "bth" + n;
      String nsIf = "btn" + n;
      if (tryIp("link", "add", hostIf, "type", "veth", "peer", "name", nsIf)) {
        String third = String.valueOf(n / 64);
        int base = (n % 64) * 4;
        String hostAddress = "10.213." + third + "." + (base + 1);
        String nsAddress = "10.213." + third + "." + (base + 2);
        Link link = new Link(hostIf, hostAddress, nsAddress);
        links.add(link);
        ip("link", "set", nsIf, "netns", name);
        ip("addr", "add", hostAddress + "/30", "dev", hostIf);
        ip("link", "set", hostIf, "up");
        ip("netns", "exec", name, "ip", "addr", "add", nsAddress + "/30", "dev", nsIf);
        ip("netns", "exec", name, "ip", "link", "set", nsIf, "up");
        return link;
      }
    }
    throw new IllegalStateException("no free veth name for a link into " + name);
  }

  public String name() {
    return name;
  }

  /** The argv prefix that runs a command inside this namespace. */
  public List<String> exec() {
    return List.of("ip", "netns", "exec", name);
  }

  /**
   * Deletes the namespace and its links. Processes started inside must be stopped first: a
   * namespace outlives its name while a process still runs in it.
   */
  @Override
  public void close() {
    for (Link l : links) {
      ipQuiet("link", "del", l.hostIf);
    }
    ipQuiet("netns", "del", name);
  }

  private void ip(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    PgProcess.run(IP, argv);
  }

  private boolean tryIp(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    return PgProcess.tryRun(IP, argv).exitCode() == 0;
  }

  private void ipQuiet(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    PgProcess.tryRun(IP, argv);
  }
}
