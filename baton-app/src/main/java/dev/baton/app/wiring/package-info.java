/**
 * Plain-constructor wiring of one invocation: home, journal, drivers and redirectors, secrets,
 * fault injection and shutdown hooks.
 */
package dev.baton.app.wiring;
