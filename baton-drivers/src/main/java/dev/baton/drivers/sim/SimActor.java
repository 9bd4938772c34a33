package dev.baton.drivers.sim;

import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.engine.TopologyIndex;
import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Acts out one action on a simulated system's state. Every check runs before the first change, and
 * the caller discards the state on failure, so a refused action changes nothing.
 */
final class SimActor {

  /** The verbs the simulator acts out. */
  static final Set<Verb> VERBS =
      Collections.unmodifiableSet(
          EnumSet.of(
              Verb.TAKEOVER,
              Verb.INSTALL,
              Verb.STOP,
              Verb.START,
              Verb.DRAIN,
              Verb.UNDRAIN,
              Verb.BACKUP,
              Verb.REMOVE_REPLICATION,
              Verb.REBUILD_REPLICATION,
              Verb.REDIRECT,
              Verb.ENTRY_PREPARE,
              Verb.ENTRY_SETTLE,
              Verb.UNINSTALL,
              Verb.RESTORE_BACKUP,
              Verb.LIST_CHANGES,
              Verb.ENABLE_PROVISIONING,
              Verb.PIN_FAILOVER,
              Verb.UNPIN_FAILOVER,
              Verb.BACKUP_SECRET,
              Verb.CLUSTER_OFFLINE,
              Verb.CLUSTER_ONLINE,
              Verb.SET_MASTER,
              Verb.FAILOVER,
              Verb.CHECK));

  /** The component kind whose cluster-offline, cluster-online and failover the simulator acts. */
  static final String CLUSTER_RESOURCE = "cluster-resource";

  private final Topology topology;
  private final TopologyIndex index;
  private final SimState state;
  private final Action action;
  private final String command;
  private final java.time.Instant now;

  SimActor(TopologyIndex index, SimState state, Action action, java.time.Instant now) {
    this.topology = index.topology();
    this.index = index;
    this.state = state;
    this.action = action;
    this.now = now;
    this.command = "$ sim " + action;
  }

  ActionResult act() throws DriverException {
    Verb verb = action.verb();
    if (!VERBS.contains(verb)) {
      throw refuse("the simulator does not know the verb '" + verb + "'");
    }
    List<String> nodes = nodesTouched(verb.target());
    if (state.failActions.contains(action.verb() + " " + action.target())) {
      throw refuse(action.verb() + " " + action.target() + " failed: injected fault");
    }
    for (String node : nodes) {
      if (!state.reachable(node)) {
        throw refuse(
            "node " + node + " is unreachable; cannot " + action.verb() + " " + action.target());
      }
    }
    ActionResult r = apply(verb);
    return new ActionResult(r.summary(), command + "\n" + r.evidence(), r.data());
  }

  private ActionResult apply(Verb verb) throws DriverException {
    String t = action.target();
    return switch (verb) {
      case TAKEOVER -> takeover(component(t));
      case INSTALL -> install(t);
      case STOP -> service(t, ServiceState.STOPPED);
      case START -> service(t, ServiceState.RUNNING);
      case DRAIN -> drain(t);
      case UNDRAIN -> undrain(t);
      case BACKUP -> backup(t);
      case REMOVE_REPLICATION -> removeReplication(link(t).orElseThrow());
      case REBUILD_REPLICATION -> rebuildReplication(link(t).orElseThrow());
      case REDIRECT -> redirect(t);
      case UNINSTALL -> uninstall(t);
      case RESTORE_BACKUP -> restore(t);
      case LIST_CHANGES -> listChanges(t);
      case ENABLE_PROVISIONING -> provisioning(t);
      case PIN_FAILOVER -> pin(t, true);
      case UNPIN_FAILOVER -> pin(t, false);
      case BACKUP_SECRET -> backupSecret(t);
      case CLUSTER_OFFLINE -> clusterOffline(clusterResource(t));
      case CLUSTER_ONLINE -> clusterOnline(clusterResource(t));
      case SET_MASTER -> setMaster(t);
      case FAILOVER -> failover(component(t));
      case CHECK -> new ActionResult("checked " + t + "; nothing changed", "ok");
      case ENTRY_PREPARE -> new ActionResult(t + " is ready to be switched", "ok");
      case ENTRY_SETTLE -> new ActionResult(t + " settled after the switch", "ok");
      default -> throw refuse("the simulator does not know the verb '" + verb + "'");
    };
  }

  private ActionResult takeover(Component target) throws DriverException {
    if (!state.component(target.name()).running()) {
      throw refuse(target.name() + " is stopped; cannot " + action.verb() + " a stopped service");
    }
    RoleModel model =
        RoleModel.named(topology.roleModel())
            .orElseThrow(
                () ->
                    refuse(
                        String.format(
                            "role model '%s' is unknown; cannot %s %s",
                            topology.roleModel(), action.verb(), target.name())));
    List<String> lines = new ArrayList<>(List.of(changeRole(target.name(), model.activeRole())));
    List<String> summary =
        new ArrayList<>(List.of(target.name() + " is now " + model.activeRole()));
    for (Component peer : peersOf(target)) {
      summary.add(yieldTo(peer, model.passiveRole(), lines));
    }
    return new ActionResult(String.join("; ", summary), String.join("\n", lines));
  }

  // Seed 001 step 3: a peer that sees the takeover enters standby. One that cannot see it (node
  // down, service stopped) keeps its role, which is how the simulator produces a split brain.
  private String yieldTo(Component peer, String passiveRole, List<String> lines) {
    SimComponent p = state.component(peer.name());
    String role = p.role().orElse("none");
    if (!state.reachable(peer.node())) {
      lines.add(peer.name() + ": node " + peer.node() + " unreachable, role stays " + role);
      return peer.name() + " is unreachable and still " + role;
    }
    if (!p.running()) {
      lines.add(peer.name() + ": stopped, role stays " + role);
      return peer.name() + " is stopped and keeps role " + role;
    }
    lines.add(changeRole(peer.name(), passiveRole));
    return peer.name() + " entered " + passiveRole;
  }

  private ActionResult install(String name) throws DriverException {
    Version version;
    try {
      version = Version.parse(param("version"));
    } catch (IllegalArgumentException e) {
      throw refuse(e.getMessage() + "; cannot install it on " + name);
    }
    SimComponent c = state.component(name);
    String was = c.version;
    ServiceState wasService = c.service;
    c.version = version.text();
    c.installed = true;
    c.service = ServiceState.RUNNING; // the installer restarts the service
    String ports = "";
    if (c.resetPortsOnInstall && c.ports != null) {
      ports = String.format("\n%s: ports %s -> default (injected fault)", name, c.ports);
      c.ports = "default";
    }
    return new ActionResult(
        name + " now runs version " + version + " (was " + was + ") and its service is running",
        String.format(
                "%s: version %s -> %s\n%s: service %s -> running",
                name, was, version, name, wasService.label())
            + ports);
  }

  private ActionResult uninstall(String name) {
    SimComponent c = state.component(name);
    boolean was = c.installed;
    c.installed = false;
    c.service = ServiceState.STOPPED;
    return new ActionResult(
        name + " is uninstalled" + (was ? "" : " (it already was)"),
        name + ": software " + c.version + " removed, service stopped");
  }

  // Seed 002: side A's latest backup replaces side B's database, so B holds A's data and level.
  private ActionResult restore(String name) throws DriverException {
    String from = param("from");
    String label = param("label");
    if (index.component(from).isEmpty()) {
      throw refuse("the topology has no component named " + from + "; cannot restore " + name);
    }
    SimComponent source = state.component(from);
    if (!source.backup().map(label::equals).orElse(false)) {
      throw refuse(from + " has no backup labelled " + label + "; cannot restore it onto " + name);
    }
    SimComponent c = state.component(name);
    String was = c.version;
    c.version = source.version;
    c.changes.clear();
    c.props.put(Property.RESTORED_FROM.key(), from + ":" + label);
    return new ActionResult(
        name + " now holds " + from + "'s backup " + label + " (level " + source.version + ")",
        name
            + ": database replaced by "
            + from
            + ":"
            + label
            + ", level "
            + was
            + " -> "
            + c.version);
  }

  private ActionResult listChanges(String name) {
    List<String> changes = state.component(name).changes;
    String summary =
        changes.isEmpty()
            ? name + " has no changes made while its side ran alone"
            : name + " has " + changes.size() + " changes made while its side ran alone";
    StringBuilder evidence = new StringBuilder(name + ": " + changes.size() + " changes");
    changes.forEach(ch -> evidence.append("\n  ").append(ch));
    return new ActionResult(summary, evidence.toString());
  }

  // Seed 002: a side running alone provisions and imports by itself.
  private ActionResult provisioning(String name) {
    String was = state.component(name).props.put(Property.PROVISIONING.key(), "independent");
    return new ActionResult(
        name + " provisions and imports on its own",
        name + ": provisioning " + (was == null ? "shared" : was) + " -> independent");
  }

  // Seed 002: while split, hosts entries send each side's failover connections to itself.
  private ActionResult pin(String node, boolean on) {
    java.util.Map<String, String> props = state.nodePropertiesToChange(node);
    String was = props.getOrDefault(Property.FAILOVER_PINNED.key(), "no");
    props.put(Property.FAILOVER_PINNED.key(), on ? "yes" : "no");
    if (on) {
      props.put(Property.FAILOVER_ENTRIES.key(), action.params().getOrDefault("entries", ""));
    } else {
      props.remove(Property.FAILOVER_ENTRIES.key());
    }
    return new ActionResult(
        on
            ? node + "'s failover connections are pinned to its own side"
            : node + "'s failover pins are removed",
        node
            + ": failover-pinned "
            + was
            + " -> "
            + (on ? "yes" : "no")
            + (on ? "\n  hosts entries: " + action.params().getOrDefault("entries", "") : ""));
  }

  // Seed 003: the master secret is backed up from the running master secret server; the password
  // that protects the file is named by its secret reference, and its value never reaches here.
  private ActionResult backupSecret(String name) throws DriverException {
    String label = param("label");
    String secret = param("secret");
    if (topology.secrets().stream().noneMatch(s -> s.name().equals(secret))) {
      throw refuse(
          "the topology has no secret named " + secret + "; cannot back up the secret of " + name);
    }
    SimComponent c = state.component(name);
    if (!c.running()) {
      throw refuse(name + " is stopped; the master secret is backed up from a running server");
    }
    String was = c.props.getOrDefault(Property.SECRET_BACKUP.key(), "none");
    c.props.put(Property.SECRET_BACKUP.key(), label);
    return new ActionResult(
        "the master secret of " + name + " is backed up as " + label,
        name + ": secret-backup " + was + " -> " + label + "\n  password: secret " + secret);
  }

  private Component clusterResource(String name) throws DriverException {
    Component c = component(name);
    if (!CLUSTER_RESOURCE.equals(c.kind())) {
      throw refuse(
          name
              + " is of kind "
              + c.kind()
              + ", not "
              + CLUSTER_RESOURCE
              + "; cannot "
              + action.verb());
    }
    return c;
  }

  private ActionResult clusterOffline(Component resource) {
    SimComponent c = state.component(resource.name());
    String was = c.props.getOrDefault(Property.CLUSTER_STATE.key(), "unknown");
    c.props.put(Property.CLUSTER_STATE.key(), "offline");
    c.service = ServiceState.STOPPED;
    return new ActionResult(
        resource.name() + " is offline",
        resource.name() + ": cluster-state " + was + " -> offline, service stopped");
  }

  // The resource comes online only on a running node that names the cluster as its master
  // secret server; that node becomes the active member of its role group.
  private ActionResult clusterOnline(Component resource) throws DriverException {
    Component node = member(param("node"), "bring " + resource.name() + " online on it");
    SimComponent n = state.component(node.name());
    String master = n.props.getOrDefault(Property.MASTER.key(), "nothing");
    if (!master.equals(resource.name())) {
      throw refuse(
          node.name()
              + " takes "
              + master
              + " as its master secret server, not "
              + resource.name()
              + "; cannot bring "
              + resource.name()
              + " online on it");
    }
    ActionResult moved = takeover(node);
    SimComponent c = state.component(resource.name());
    c.props.put(Property.CLUSTER_STATE.key(), "online");
    c.props.put(Property.OWNER.key(), node.name());
    c.service = ServiceState.RUNNING;
    return new ActionResult(
        resource.name() + " is online on " + node.name() + "; " + moved.summary(),
        resource.name()
            + ": cluster-state online, owner "
            + node.name()
            + ", service running\n"
            + moved.evidence());
  }

  private ActionResult setMaster(String name) throws DriverException {
    String master = param("master");
    if (index.component(master).isEmpty()) {
      throw refuse(
          "the topology has no component named "
              + master
              + "; cannot make it the master secret server of "
              + name);
    }
    SimComponent c = state.component(name);
    String was = c.props.getOrDefault(Property.MASTER.key(), "none");
    c.props.put(Property.MASTER.key(), master);
    return new ActionResult(
        name + " takes " + master + " as its master secret server (was " + was + ")",
        name + ": master " + was + " -> " + master);
  }

  // Like a takeover, but the cluster moves its resource: it must be online to move at all.
  private ActionResult failover(Component target) throws DriverException {
    String name = param("resource");
    Component resource = clusterResource(name);
    SimComponent r = state.component(resource.name());
    if (!"online".equals(r.props.get(Property.CLUSTER_STATE.key())) || !r.running()) {
      throw refuse(resource.name() + " is offline; cannot fail it over to " + target.name());
    }
    ActionResult moved = takeover(target);
    String was = r.props.getOrDefault(Property.OWNER.key(), "none");
    r.props.put(Property.OWNER.key(), target.name());
    return new ActionResult(
        resource.name() + " failed over to " + target.name() + "; " + moved.summary(),
        resource.name() + ": owner " + was + " -> " + target.name() + "\n" + moved.evidence());
  }

  private Component member(String name, String purpose) throws DriverException {
    Component c =
        topology
            .component(name)
            .orElseThrow(
                () ->
                    refuse("the topology has no component named " + name + "; cannot " + purpose));
    if (!state.reachable(c.node())) {
      throw refuse("node " + c.node() + " is unreachable; cannot " + purpose);
    }
    return c;
  }

  private ActionResult service(String name, ServiceState wanted) {
    SimComponent c = state.component(name);
    ServiceState was = c.service;
    c.service = wanted;
    return new ActionResult(
        name + " is " + wanted.label(),
        name + ": service " + was.label() + " -> " + wanted.label());
  }

  private ActionResult drain(String name) {
    SimComponent c = state.component(name);
    int was = c.sessions;
    c.drained = true;
    // Only stuck sessions outlive a drain; a transitory session is one of the sessions.
    c.sessions = c.stuckSessions;
    c.transitorySessions = Math.min(c.transitorySessions, c.sessions);
    String remain = c.sessions == 0 ? "no sessions remain" : c.sessions + " sessions remain";
    return new ActionResult(
        name + " is drained; " + remain, name + ": drained, sessions " + was + " -> " + c.sessions);
  }

  private ActionResult undrain(String name) {
    state.component(name).drained = false;
    return new ActionResult(name + " accepts new sessions again", name + ": undrained");
  }

  private ActionResult backup(String name) throws DriverException {
    String label = param("label");
    SimComponent c = state.component(name);
    c.backup = label;
    c.lastBackupWarnings = c.backupWarnings;
    if (c.backupWarnings != null) {
      return new ActionResult(
          name + " has backup " + label + ", with warnings: " + c.backupWarnings,
          name + ": backup " + label + " taken\nwarning: " + c.backupWarnings);
    }
    return new ActionResult(name + " has backup " + label, name + ": backup " + label + " taken");
  }

  private ActionResult removeReplication(ReplicationLink l) {
    state.link(l.name()).remove(now.minus(java.time.Duration.ofHours(state.splitHours)));
    return new ActionResult(
        "replication " + l.name() + " is removed", l.name() + " (" + l.endpoints() + "): removed");
  }

  private ActionResult rebuildReplication(ReplicationLink l) {
    state.link(l.name()).setLag(0);
    return new ActionResult(
        "replication " + l.name() + " is rebuilt and synced",
        l.name() + " (" + l.endpoints() + "): synced, lag 0 bytes");
  }

  private ActionResult redirect(String entryPoint) throws DriverException {
    String to = param("to");
    if (index.component(to).isEmpty()) {
      throw refuse("the topology has no component named " + to + "; cannot redirect " + entryPoint);
    }
    String was = state.pointsAt(entryPoint).orElse(null);
    state.pointAt(entryPoint, to);
    return new ActionResult(
        "entry point " + entryPoint + " now points at " + to + " (was " + was + ")",
        entryPoint + ": " + was + " -> " + to);
  }

  private String changeRole(String name, String role) {
    SimComponent c = state.component(name);
    String was = c.role().orElse("none");
    c.role = role;
    return name + ": role " + was + " -> " + role;
  }

  private List<Component> peersOf(Component target) {
    String group = target.roleGroup();
    if (group == null || group.isEmpty()) {
      return List.of();
    }
    return index.roleGroup(group).stream().filter(c -> !c.name().equals(target.name())).toList();
  }

  /** The nodes an action needs, after checking that its target exists. */
  private List<String> nodesTouched(Verb.Target kind) throws DriverException {
    String t = action.target();
    if (!targetExists(kind, t)) {
      throw refuse(
          String.format(
              "the topology has no %s named %s; cannot %s %s",
              kind.description(), t, action.verb(), t));
    }
    Optional<Component> component = index.component(t);
    if (component.isPresent()) {
      return List.of(component.get().node());
    }
    Optional<ReplicationLink> link = link(t);
    if (link.isPresent()) {
      return endsOf(link.get());
    }
    return index.node(t).map(n -> List.of(n.name())).orElse(List.of());
  }

  private boolean targetExists(Verb.Target kind, String t) {
    boolean component = index.component(t).isPresent();
    boolean link = link(t).isPresent();
    boolean entryPoint = index.entryPoint(t).isPresent();
    return switch (kind) {
      case COMPONENT -> component;
      case LINK -> link;
      case ENTRY_POINT -> entryPoint;
      case NODE -> index.node(t).isPresent();
      case ANY ->
          component
              || link
              || entryPoint
              || index.node(t).isPresent()
              || t.equals(topology.system());
    };
  }

  private List<String> endsOf(ReplicationLink l) {
    return Stream.of(l.from(), l.to())
        .flatMap(name -> index.component(name).stream())
        .map(Component::node)
        .distinct()
        .toList();
  }

  // Links are named in actions; their from->to key is accepted too, as facts use it.
  private Optional<ReplicationLink> link(String target) {
    return index.link(target);
  }

  private Component component(String name) {
    return index
        .component(name)
        .orElseThrow(() -> new IllegalArgumentException("no component named " + name));
  }

  private String param(String name) throws DriverException {
    String v = action.params().get(name);
    if (v == null || v.isBlank()) {
      throw refuse(action.verb() + " " + action.target() + " needs a '" + name + "' parameter");
    }
    return v;
  }

  private DriverException refuse(String sentence) {
    return new DriverException(sentence, command + "\nerror: " + sentence);
  }
}
