package dev.baton.app.server;

/**
 * One event of the console's stream: the journal record's sequence number as its id, the run it
 * belongs to, its type from {@code docs/events.md}, and the JSON line {@code --events} would write.
 */
public record ConsoleEvent(long id, String runId, String type, String json) {}
