package dev.baton.app.server;

/** Someone holding a console token: the name the journal records for their approvals. */
public record Person(String name, Access access) {}
