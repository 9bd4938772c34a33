package dev.baton.app.wiring;

import dev.baton.app.UsageException;
import dev.baton.drivers.pack.PackDriver;
import dev.baton.drivers.postgresql.PostgresDriver;
import dev.baton.drivers.redirect.RedirectingDriver;
import dev.baton.drivers.redirect.Redirector;
import dev.baton.drivers.sim.SimDriver;
import dev.baton.drivers.ssh.SshSettings;
import dev.baton.drivers.transport.TimedDriver;
import dev.baton.drivers.transport.Transports;
import dev.baton.engine.Driver;
import dev.baton.model.Topology;
import dev.baton.pack.Pack;
import dev.baton.pack.Packs;
import dev.baton.topology.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Chooses the driver a topology names. */
public final class Drivers {
  private Drivers() {}

  public static Driver forTopology(Topology t, Home home) throws UsageException {
    return forTopology(t, home, sshFromEnvironment());
  }

  /** The SSH settings {@code BATON_SSH_*} ask for; a bad value is bad input. */
  public static SshSettings sshFromEnvironment() throws UsageException {
    try {
      return SshSettings.fromEnvironment();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * The driver for a command that only reads (plan, observe): it changes nothing in {@code home},
   * so a simulator whose world is not stored there yet sees it in a scratch directory instead.
   */
  public static Driver forReading(Topology t, Home home) throws UsageException {
    if (t.driver().equals("sim")
        && Files.notExists(SimDriver.stateFileFor(home.dir(), t.system()))) {
      return ScratchSim.open(t, scratch -> forTopology(t, scratch));
    }
    return forTopology(t, home);
  }

  public static Driver forTopology(Topology t, Home home, SshSettings ssh) throws UsageException {
    // One transport per node, shared by the product driver and the redirectors; the product
    // driver owns and closes them.
    Transports transports = new Transports(t, ssh);
    Driver inner = inner(t, home, transports);
    Map<String, Redirector> redirectors = Redirectors.forTopology(t, Secrets.byName(t), transports);
    Driver driver = redirectors.isEmpty() ? inner : new RedirectingDriver(inner, redirectors);
    return new TimedDriver(driver, transports.clock());
  }

  private static Driver inner(Topology t, Home home, Transports transports) throws UsageException {
    return switch (t.driver()) {
      case "sim" ->
          new SimDriver(
              SimDriver.stateFileFor(home.dir(), t.system()), Clock.systemUTC(), Secrets.byName(t));
      case "postgresql" ->
          PostgresDriver.over(transports, FaultClock.forDrivers(), Secrets.byName(t));
      case "pack" -> PackDriver.over(pack(t), transports, Secrets.byName(t), Clock.systemUTC());
      default ->
          throw new UsageException(
              "driver '"
                  + t.driver()
                  + "' of system "
                  + t.system()
                  + " is not available in this build; use sim, postgresql or pack");
    };
  }

  /** {@code packs/<pack>.yaml} from {@code $BATON_PACKS}, else from the checkout the jar is in. */
  static Pack pack(Topology t) throws UsageException {
    if (t.pack() == null || t.pack().isBlank()) {
      throw new UsageException("system " + t.system() + " uses driver pack but names no pack");
    }
    try {
      return packs().load(t.pack());
    } catch (BadInputException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * The packs folder: the system property {@code baton.packs}, else {@code $BATON_PACKS}, else
   * {@code packs/} of the checkout.
   */
  public static Packs packs() {
    String env = System.getProperty("baton.packs", System.getenv("BATON_PACKS"));
    return new Packs(env != null && !env.isBlank() ? Path.of(env) : packsNextToJar());
  }

  // The jar is <root>/baton-app/target/baton.jar or <root>/baton-demo/target/baton-demo.jar
  // (classes: <root>/baton-app/target/classes): three levels below the checkout either way.
  private static Path packsNextToJar() {
    try {
      Path code =
          Path.of(Drivers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.toAbsolutePath().getParent().getParent().getParent().resolve("packs");
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return Path.of("packs");
    }
  }
}
