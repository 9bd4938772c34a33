package dev.baton.journal;

/** What the {@code runs} row says about its chain: how many records and the hash of the last. */
record RunHead(String runId, long eventCount, String lastHash) {}
