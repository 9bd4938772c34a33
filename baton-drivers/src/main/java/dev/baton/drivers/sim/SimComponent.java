package dev.baton.drivers.sim;

import dev.baton.facts.ServiceState;
import dev.baton.model.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The simulated state of one component: version, role, service, sessions, drain and backup. */
public final class SimComponent {
  String version;
  String role;
  ServiceState service = ServiceState.RUNNING;
  int sessions;
  int transitorySessions;
  int stuckSessions;
  boolean drained;
  String backup;
  // Plenty of room and a clean integrity check unless the topology's sim section says otherwise.
  long freeBytes = 100_000_000_000L;
  long logBytes = 1_000_000_000L;
  long dataBytes = 10_000_000_000L;
  String integrity = "ok";
  // Uninstalled software answers no version probe until it is installed again.
  boolean installed = true;
  // Product-specific observations, each observed as the property <component>.<key>.
  Map<String, String> props = new TreeMap<>();
  // Changes made on this component while its side ran alone (seed 002's side B).
  List<String> changes = new ArrayList<>();
  // Port assignments are reported only when the sim section sets them; an install keeps them
  // (seed 001) unless the topology injects the fault of an installer that resets them.
  String ports;
  boolean resetPortsOnInstall;
  // What a backup of this component warns about (an injected fault); null means it is clean.
  String backupWarnings;
  String lastBackupWarnings;

  SimComponent() {} // for Jackson

  SimComponent(Version version, String role) {
    this.version = version.text();
    this.role = role == null || role.isBlank() ? null : role;
  }

  public Version version() {
    return Version.parse(version);
  }

  /** The stored role; a stopped service keeps it but does not report it. */
  public Optional<String> role() {
    return Optional.ofNullable(role);
  }

  public ServiceState service() {
    return service;
  }

  public boolean running() {
    return service == ServiceState.RUNNING;
  }

  public int sessions() {
    return sessions;
  }

  public int transitorySessions() {
    return transitorySessions;
  }

  /** Sessions that a drain cannot get rid of (an injected fault). */
  public int stuckSessions() {
    return stuckSessions;
  }

  public boolean drained() {
    return drained;
  }

  public long freeBytes() {
    return freeBytes;
  }

  public long logBytes() {
    return logBytes;
  }

  public long dataBytes() {
    return dataBytes;
  }

  /** The result of the last database integrity check: {@code ok} or what it found. */
  public String integrity() {
    return integrity;
  }

  public boolean installed() {
    return installed;
  }

  /** Product-specific observations by key. */
  public Map<String, String> properties() {
    return Map.copyOf(props);
  }

  /** What was changed on this component while its side ran alone. */
  public List<String> changes() {
    return List.copyOf(changes);
  }

  /** The ports the component listens on, e.g. {@code 9558,9559}, if the sim section set them. */
  public Optional<String> ports() {
    return Optional.ofNullable(ports);
  }

  /** What the newest backup warned about: {@code none}, or empty when no backup was taken. */
  public Optional<String> lastBackupWarnings() {
    return backup == null
        ? Optional.empty()
        : Optional.of(lastBackupWarnings == null ? "none" : lastBackupWarnings);
  }

  /** The label of the newest backup, if any was taken. */
  public Optional<String> backup() {
    return Optional.ofNullable(backup);
  }
}
