package dev.baton.topology;

import dev.baton.model.Topology;

/** A topology with the text it was read from and where that text came from. */
public record LoadedTopology(Topology topology, String text, String source) {}
