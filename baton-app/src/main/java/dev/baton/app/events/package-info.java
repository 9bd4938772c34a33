/**
 * Structured events as JSON Lines, for {@code --events}, and the engine listener that writes them.
 */
package dev.baton.app.events;
