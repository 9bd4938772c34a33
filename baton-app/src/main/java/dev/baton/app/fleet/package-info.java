/**
 * Fleets on a shared journal: the {@code fleet} commands that define, show, pause, resume and abort
 * a fleet, and the {@code worker} that claims its systems and runs each under a fenced lease.
 */
package dev.baton.app.fleet;
