package dev.baton.app.watch;

/** What a watcher watches: the active of a pair, its standby, and the link between them. */
public record WatchTarget(
    String system, String active, String standby, String linkKey, String activeRole) {}
