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
  // The namespace's own nftables table: it goes with the namespace, the host's rules are untouched.
  private static final String TABLE = "baton";
  // One subnet per link in this JVM; the pid keeps parallel JVMs' names apart.
  private static final AtomicInteger NEXT =
      new AtomicInteger((int) (ProcessHandle.current().pid() % 50) * 4);

  private final String name;
  private final List<Link> links = new ArrayList<>();

  /** One veth link: the test's end and the namespace's end, each with its address. */
  public final class Link {
    private final String hostIf;
    private final String nsIf;
    private final String hostAddress;
    private final String nsAddress;

    private Link(String hostIf, String nsIf, String hostAddress, String nsAddress) {
      this.hostIf = hostIf;
      this.nsIf = nsIf;
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

    /**
     * Drops {@code percent} of the packets that cross this link, at random and in both directions
     * (nftables in the namespace, on what arrives at its end; the kernel here has no netem).
     */
    public void dropRandomly(int percent) {
      if (percent < 0 || percent > 100) {
        throw new IllegalArgumentException("a loss of " + percent + "% is not a percentage");
      }
      chain("loss-" + nsIf, "filter", "prerouting", "raw");
      // numgen's "< 100" is out of its range, so a total loss is a plain drop.
      List<String> match =
          percent == 100
              ? List.of()
              : List.of("numgen", "random", "mod", "100", "<", Integer.toString(percent));
      List<String> rule =
          new ArrayList<>(List.of("add", "rule", "ip", TABLE, "loss-" + nsIf, "iifname", nsIf));
      rule.addAll(match);
      rule.add("drop");
      nft(rule.toArray(String[]::new));
    }

    /**
     * Makes {@code nsPort} on the namespace's end lead back to {@code hostPort} on the test's end:
     * a connection the test opens to {@code nsAddress():nsPort} crosses the link twice each way
     * (out to the namespace, which forwards it, and back), so a server on the test's side is
     * reached only through this link and whatever {@link #dropRandomly} does to it.
     */
    public void leadBack(int nsPort, int hostPort) {
      inside("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
      chain("back-" + nsIf, "nat", "prerouting", "dstnat");
      nft(
          "add",
          "rule",
          "ip",
          TABLE,
          "back-" + nsIf,
          "iifname",
          nsIf,
          "ip",
          "daddr",
          nsAddress,
          "tcp",
          "dport",
          Integer.toString(nsPort),
          "dnat",
          "to",
          hostAddress + ":" + hostPort);
      // The server must answer through the namespace too, so it has to see the namespace's address
      // as the source; otherwise its reply to the test's own address would stay on this machine.
      chain("out-" + nsIf, "nat", "postrouting", "srcnat");
      nft(
          "add",
          "rule",
          "ip",
          TABLE,
          "out-" + nsIf,
          "oifname",
          nsIf,
          "ip",
          "daddr",
          hostAddress,
          "tcp",
          "dport",
          Integer.toString(hostPort),
          "masquerade");
    }

    /** A base chain of the namespace's table: {@code type} on {@code hook} at {@code priority}. */
    private void chain(String chain, String type, String hook, String priority) {
      nft(
          "add",
          "chain",
          "ip",
          TABLE,
          chain,
          "{",
          "type",
          type,
          "hook",
          hook,
          "priority",
          priority,
          ";",
          "}");
    }

    private void nft(String... args) {
      List<String> argv = new ArrayList<>(List.of("nft"));
      argv.addAll(List.of(args));
      inside("nft", "add", "table", "ip", TABLE);
      inside(argv.toArray(String[]::new));
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
        Link link = new Link(hostIf, nsIf, hostAddress, nsAddress);
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

  /** Runs a command inside the namespace (its rules, its sysctls), failing on a non-zero exit. */
  private void inside(String... args) {
    List<String> argv = new ArrayList<>(exec());
    argv.addAll(List.of(args));
    PgProcess.run(IP, argv);
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
