package dev.baton.model;

/** One half of a two-sided system; {@code order} is the position in which it is upgraded. */
public record Side(String name, int order) {}
