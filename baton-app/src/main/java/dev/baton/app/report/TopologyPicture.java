package dev.baton.app.report;

import dev.baton.app.output.Html;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Draws a {@link SystemView} as one SVG: sides as columns in upgrade order, nodes inside them,
 * components with role and version, replication links as arrows with state and lag, and entry
 * points above with an arrow to where they point. Every name is escaped; nothing is fetched.
 */
public final class TopologyPicture {

  private static final int SIDE_W = 300;
  private static final int GAP = 90;
  private static final int MARGIN = 20;
  private static final int ENTRY_H = 40;
  private static final int SIDES_TOP = 110;
  private static final int COMP_H = 44;

  private TopologyPicture() {}

  /** A box's place, for the arrows. */
  private record Box(int x, int y, int w, int h) {
    int cx() {
      return x + w / 2;
    }
  }

  /** The picture to place inside an HTML page (no namespace declaration needed there). */
  public static String inline(SystemView v) {
    return svg(v, "");
  }

  /** The picture as a standalone SVG document (served as {@code image/svg+xml}). */
  public static String standalone(SystemView v) {
    return svg(v, " xmlns=\"http://www.w3.org/2000/svg\"");
  }

  private static String svg(SystemView v, String namespace) {
    StringBuilder body = new StringBuilder();
    Map<String, Box> components = new HashMap<>();
    int height = SIDES_TOP;
    int x = MARGIN;
    for (SystemView.SideView side : v.sides()) {
      height = Math.max(height, side(body, side, x, components));
      x += SIDE_W + GAP;
    }
    int width = Math.max(x - GAP + MARGIN, 2 * MARGIN + SIDE_W);
    links(body, v.links(), components);
    entries(body, v.entryPoints(), components, width);
    String caption =
        v.observedAt() == null
            ? v.system() + ": as declared (not observed)"
            : v.system() + ": as observed at " + v.observedAt();
    return "<svg"
        + namespace
        + " class=\"topology\" role=\"img\" width=\""
        + width
        + "\" height=\""
        + (height + 50)
        + "\" viewBox=\"0 0 "
        + width
        + " "
        + (height + 50)
        + "\" font-family=\"sans-serif\" font-size=\"12\">"
        + "<title>"
        + Html.text(caption)
        + "</title>"
        + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
        + " markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
        + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>"
        + body
        + text(MARGIN, height + 35, "caption", caption)
        + "</svg>";
  }

  /** Draws one side and returns the y below it. */
  private static int side(
      StringBuilder b, SystemView.SideView side, int x, Map<String, Box> components) {
    int y = SIDES_TOP + 28;
    StringBuilder inner = new StringBuilder();
    for (SystemView.NodeView n : side.nodes()) {
      int top = y;
      y += 24;
      for (SystemView.ComponentView c : n.components()) {
        Box box = new Box(x + 18, y, SIDE_W - 36, COMP_H);
        components.put(c.name(), box);
        component(inner, c, box);
        y += COMP_H + 8;
      }
      y += 4;
      String cls = Boolean.FALSE.equals(n.reachable()) ? "node unreachable" : "node";
      b.append(rect(x + 8, top, SIDE_W - 16, y - top, cls, "#fafafa", "#999"));
      b.append(
          text(
              x + 16,
              top + 16,
              "node-name",
              n.name() + (Boolean.FALSE.equals(n.reachable()) ? " (unreachable)" : "")));
      y += 10;
    }
    int bottom = Math.max(y, SIDES_TOP + 60);
    b.append(rect(x, SIDES_TOP, SIDE_W, bottom - SIDES_TOP, "side", "none", "#bbb"))
        .append(
            text(
                x + 8,
                SIDES_TOP + 18,
                "side-name",
                side.name().isEmpty() ? "no side" : "side " + side.name()));
    b.append(inner);
    return bottom;
  }

  private static void component(StringBuilder b, SystemView.ComponentView c, Box box) {
    String fill =
        switch (c.role() == null ? "" : c.role()) {
          case "active", "primary", "master" -> "#d9f2d9";
          case "standby", "replica", "slave" -> "#dce8f7";
          default -> "#eeeeee";
        };
    String tip =
        c.properties().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n"));
    b.append("<g class=\"component\" data-name=\"")
        .append(Html.text(c.name()))
        .append("\"><title>")
        .append(Html.lines(c.name() + " (" + c.kind() + ")" + (tip.isEmpty() ? "" : "\n" + tip)))
        .append("</title>")
        .append(rect(box.x(), box.y(), box.w(), box.h(), "box", fill, "#666"))
        .append(text(box.x() + 8, box.y() + 17, "component-name", c.name()))
        .append(
            text(
                box.x() + 8,
                box.y() + 34,
                "component-role",
                (c.role() == null ? "role ?" : c.role())
                    + " · "
                    + (c.version() == null ? "version ?" : c.version())
                    + (c.service() == null ? "" : " · " + c.service())
                    + (c.observed() ? "" : " (declared)")))
        .append("</g>");
  }

  private static void links(
      StringBuilder b, List<SystemView.LinkView> links, Map<String, Box> components) {
    int n = 0;
    for (SystemView.LinkView l : links) {
      Box from = components.get(l.from());
      Box to = components.get(l.to());
      if (from == null || to == null) {
        continue;
      }
      int y1 = from.y() + 22;
      int y2 = to.y() + 22;
      int x1 = from.x() < to.x() ? from.x() + from.w() : from.x();
      int x2 = from.x() < to.x() ? to.x() : to.x() + to.w();
      String path;
      if (from.x() == to.x()) {
        int bend = from.x() + from.w() + 14 + 6 * n;
        x1 = from.x() + from.w();
        x2 = x1;
        path =
            "M" + x1 + "," + y1 + " C" + bend + "," + y1 + " " + bend + "," + y2 + " " + x2 + ","
                + y2;
      } else {
        path = "M" + x1 + "," + y1 + " L" + x2 + "," + y2;
      }
      String state =
          (l.state() == null ? "state ?" : l.state())
              + (l.lagBytes() == null ? "" : ", lag " + l.lagBytes() + " B");
      String cls = "link " + (l.state() == null ? "unknown" : l.state());
      b.append("<g class=\"")
          .append(Html.text(cls))
          .append("\"><path d=\"")
          .append(path)
          .append("\" fill=\"none\" stroke=\"")
          .append(
              "lagging".equals(l.state())
                  ? "#c77700"
                  : "removed".equals(l.state()) ? "#b00" : "#555")
          .append("\" stroke-width=\"2\" marker-end=\"url(#arrow)\"")
          .append(l.bidirectional() ? " marker-start=\"url(#arrow)\"" : "")
          .append("/>")
          .append(linkLabel(from.x() == to.x(), x1, x2, (y1 + y2) / 2, n, l, state))
          .append("</g>");
      n++;
    }
  }

  /**
   * A link's name above its arrow and its state below, centred in the gap between the sides so that
   * neither runs over a component's name; beside the bend for a link within one side.
   */
  private static String linkLabel(
      boolean sameColumn, int x1, int x2, int y, int n, SystemView.LinkView l, String state) {
    String name = l.name() + " (" + l.kind() + ")";
    int shift = 24 * (n % 2);
    if (sameColumn) {
      int x = x1 + 20 + 6 * n;
      return label(x, y - 4 + shift, "start", name) + label(x, y + 10 + shift, "start", state);
    }
    int mid = (x1 + x2) / 2;
    return label(mid, y - 6 - shift, "middle", name) + label(mid, y + 14 + shift, "middle", state);
  }

  /** Text with a white halo, so a label stays readable where it crosses a line or a box. */
  private static String label(int x, int y, String anchor, String s) {
    String shown = s.length() > 40 ? s.substring(0, 39) + "…" : s;
    return "<text class=\"link-label\" x=\""
        + x
        + "\" y=\""
        + y
        + "\" text-anchor=\""
        + anchor
        + "\" font-size=\"11\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">"
        + Html.text(shown)
        + "</text>";
  }

  private static void entries(
      StringBuilder b, List<SystemView.EntryView> entries, Map<String, Box> components, int width) {
    if (entries.isEmpty()) {
      return;
    }
    int w = Math.min(260, (width - 2 * MARGIN) / entries.size() - 10);
    int x = MARGIN;
    for (SystemView.EntryView e : entries) {
      Box box = new Box(x, MARGIN, w, ENTRY_H);
      b.append("<g class=\"entry-point\" data-name=\"")
          .append(Html.text(e.name()))
          .append("\"><title>")
          .append(
              Html.text(
                  e.name()
                      + " ("
                      + e.redirection()
                      + ")"
                      + e.properties().entrySet().stream()
                          .map(p -> "\n" + p.getKey() + "=" + p.getValue())
                          .collect(Collectors.joining())))
          .append("</title>")
          .append(rect(box.x(), box.y(), box.w(), box.h(), "box", "#fff8e1", "#a68a00"))
          .append(text(box.x() + 8, box.y() + 16, "entry-name", e.name()))
          .append(
              text(
                  box.x() + 8,
                  box.y() + 32,
                  "entry-target",
                  e.redirection() + " → " + e.pointsAt() + (e.observed() ? "" : " (declared)")));
      Box target = components.get(e.pointsAt());
      if (target != null) {
        b.append("<path d=\"M")
            .append(box.cx())
            .append(',')
            .append(box.y() + box.h())
            .append(" L")
            .append(target.cx())
            .append(',')
            .append(target.y())
            .append(
                "\" stroke=\"#a68a00\" stroke-dasharray=\"4 3\" fill=\"none\""
                    + " marker-end=\"url(#arrow)\"/>");
      }
      b.append("</g>");
      x += w + 10;
    }
  }

  private static String rect(int x, int y, int w, int h, String cls, String fill, String stroke) {
    return "<rect class=\""
        + cls
        + "\" x=\""
        + x
        + "\" y=\""
        + y
        + "\" width=\""
        + w
        + "\" height=\""
        + h
        + "\" rx=\"6\" fill=\""
        + fill
        + "\" stroke=\""
        + stroke
        + "\"/>";
  }

  private static String text(int x, int y, String cls, String s) {
    String shown = s.length() > 60 ? s.substring(0, 59) + "…" : s;
    return "<text class=\""
        + cls
        + "\" x=\""
        + x
        + "\" y=\""
        + y
        + "\">"
        + Html.text(shown)
        + "</text>";
  }
}
