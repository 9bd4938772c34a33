package dev.baton.engine;

/** What a driver reports after acting: a one-line summary and the evidence (command output). */
public record ActionResult(String summary, String evidence) {}
