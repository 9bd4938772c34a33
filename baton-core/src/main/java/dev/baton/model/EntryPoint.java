package dev.baton.model;

/** The name clients use, the component it points at, and how it is redirected. */
public record EntryPoint(String name, String pointsAt, Redirection redirection) {}
