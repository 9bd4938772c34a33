package dev.baton.model;

/** A host Baton reaches through a transport. */
public record Node(
    String name, String side, Transport transport, String host, int port, String user) {}
