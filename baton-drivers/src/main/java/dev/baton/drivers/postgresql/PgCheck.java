package dev.baton.drivers.postgresql;

import dev.baton.drivers.fence.FenceAgent;
import dev.baton.drivers.fence.Fencing;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.CheckLine;
import dev.baton.engine.DriverException;
import dev.baton.model.Component;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks every PostgreSQL property of a topology against the live servers: that each member is
 * reachable where the topology says and is the server it names (data directory, system identifier),
 * that its directories, OS user and binaries are right, that the standby streams from the primary
 * under the name Baton matches it by, and what a switchover and a rejoin will need.
 */
final class PgCheck {

  private final PgSql sql;
  private final Function<String, Transport> transports;

  PgCheck(PgSql sql, Function<String, Transport> transports) {
    this.sql = sql;
    this.transports = transports;
  }

  List<CheckLine> run(Topology t) {
    List<CheckLine> out = new ArrayList<>();
    Map<String, PgMember> members = new LinkedHashMap<>();
    for (Component comp : t.components()) {
      if (!"postgresql".equals(comp.kind())) {
        continue;
      }
      PgConfig c;
      try {
        c = PgConfig.of(comp);
      } catch (DriverException | RuntimeException e) {
        out.add(CheckLine.wrong(comp.name(), e.getMessage(), "correct the component's properties"));
        continue;
      }
      if (notBuiltYet(t, comp, c)) {
        out.add(
            CheckLine.ok(
                comp.name(),
                "not built yet: "
                    + c.dataDir()
                    + " is empty, and a major upgrade builds this member of the new major there"));
        continue;
      }
      PgMember m = PgMember.inspect(c, transports.apply(c.node()), sql);
      members.put(c.name(), m);
      out.addAll(
          PgMemberCheck.lines(m, t.node(c.node()).map(n -> n.transport().name()).orElse("")));
      fence(comp, m).ifPresent(out::add);
    }
    for (ReplicationLink l : t.links()) {
      PgMember a = members.get(l.from());
      PgMember b = members.get(l.to());
      // Two sides joined by logical replication are two systems by design: nothing to compare.
      if (a != null && b != null && !PgDualSide.logical(l)) {
        out.addAll(link(l, a, b));
      }
    }
    for (String group : t.roleGroups()) {
      out.addAll(primaries(t, group, members));
    }
    return out;
  }

  /**
   * Whether {@code comp} belongs to the new major of a major upgrade (it names {@code upgradeOf},
   * or shares a role group with one that does) and its data directory is missing or empty.
   */
  private boolean notBuiltYet(Topology t, Component comp, PgConfig c) {
    if (!PgConfig.newMajor(t, comp)) {
      return false;
    }
    try {
      return new PgLogical(sql, null).copyState(c, transports.apply(c.node())).equals("absent");
    } catch (DriverException e) {
      return false;
    }
  }

  /**
   * A fence agent, asked for {@code status} now: it must reach its device, and it must not call a
   * node off whose server answers (it would be pointed at another machine). Fencing mistakes in the
   * properties themselves are refused at validate.
   */
  private Optional<CheckLine> fence(Component comp, PgMember m) {
    Fencing f;
    try {
      f = Fencing.of(comp);
    } catch (IllegalArgumentException e) {
      return Optional.of(CheckLine.wrong(comp.name(), e.getMessage(), "correct the fence keys"));
    }
    if (f.agent().isEmpty()) {
      return Optional.empty();
    }
    FenceAgent a = f.agent().get();
    FenceAgent.Outcome o;
    try {
      o = a.status(sql::secret);
    } catch (FenceAgent.FenceException e) {
      return Optional.of(
          CheckLine.problem(
              comp.name(),
              e.getMessage(),
              "set fenceAgent to an executable agent and fenceSecret.* to secrets that exist"));
    }
    String said = "fence agent " + a.program() + " (" + o.summary() + ")";
    if (o.ok()) {
      return Optional.of(CheckLine.ok(comp.name(), said + ": " + comp.node() + " is on"));
    }
    if (o.off() && m.sqlError().isEmpty()) {
      return Optional.of(
          CheckLine.problem(
              comp.name(),
              said + " says " + comp.node() + " is off, but " + comp.name() + " answers",
              "the agent points at another machine: check its fenceOption.* (plug, ip, nodename)"));
    }
    if (o.off()) {
      return Optional.of(CheckLine.warn(comp.name(), said + ": " + comp.node() + " is off", ""));
    }
    return Optional.of(
        CheckLine.problem(
            comp.name(),
            said + ": it cannot ask its device, so a failover could not fence " + comp.node(),
            "run it by hand (fence_X -o status with the same options) from Baton's host"));
  }

  /** The two ends of a link: one system, one primary, and a standby that streams from it. */
  private static List<CheckLine> link(ReplicationLink l, PgMember a, PgMember b) {
    List<CheckLine> out = new ArrayList<>();
    if (a.server() == null || b.server() == null) {
      return out;
    }
    String idA = a.server().get("system_identifier");
    String idB = b.server().get("system_identifier");
    if (idA != null && idB != null && !idA.equals(idB)) {
      out.add(
          CheckLine.wrong(
              l.to(),
              "system_identifier "
                  + idB
                  + " differs from "
                  + l.from()
                  + "'s "
                  + idA
                  + ": they are two separate systems, not a primary and its standby",
              "point "
                  + l.to()
                  + "'s host and port at the standby of "
                  + l.from()
                  + ", or rebuild it from "
                  + l.from()
                  + " with pg_basebackup -R"));
      return out;
    }
    PgMember primary = a.isPrimary() ? a : b.isPrimary() ? b : null;
    if (primary == null || (a.isPrimary() && b.isPrimary())) {
      return out;
    }
    PgMember standby = primary == a ? b : a;
    out.addAll(PgStreamCheck.streaming(l, primary, standby));
    out.addAll(PgStreamCheck.rejoin(primary, standby));
    return out;
  }

  /** Exactly one running primary in a role group. */
  private static List<CheckLine> primaries(
      Topology t, String group, Map<String, PgMember> members) {
    List<PgMember> in = new ArrayList<>();
    for (Component c : t.roleGroup(group)) {
      Optional.ofNullable(members.get(c.name())).ifPresent(in::add);
    }
    if (in.isEmpty() || in.stream().anyMatch(m -> m.server() == null)) {
      return List.of();
    }
    List<String> primaries = in.stream().filter(PgMember::isPrimary).map(PgMember::name).toList();
    if (primaries.size() > 1) {
      return List.of(
          CheckLine.problem(
              group,
              "two primaries: " + String.join(" and ", primaries) + " both accept writes",
              "stop one of them before anything else; Baton will not choose"));
    }
    if (primaries.isEmpty()) {
      List<CheckLine> out = new ArrayList<>();
      for (PgMember m : in) {
        String from = m.senderDescription();
        out.add(
            CheckLine.wrong(
                m.name(),
                "is a standby (in recovery"
                    + (from.isEmpty() ? "" : ", streaming from " + from)
                    + "), and no member of group "
                    + group
                    + " is a primary",
                "name the primary "
                    + (from.isEmpty() ? "" : "(" + from + ") ")
                    + "in the topology, or promote one member by hand"));
      }
      return out;
    }
    String now = primaries.get(0);
    List<CheckLine> out = new ArrayList<>();
    for (Component c : t.roleGroup(group)) {
      if ("primary".equals(c.declaredRole()) && !c.name().equals(now)) {
        out.add(
            CheckLine.ok(
                c.name(),
                "is declared primary but "
                    + now
                    + " is the primary now (Baton goes by what it observes)"));
      }
    }
    return out;
  }
}
