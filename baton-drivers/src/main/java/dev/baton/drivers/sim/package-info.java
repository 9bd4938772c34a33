/**
 * The simulator driver: one system's nodes, components, roles, versions, replication, sessions and
 * entry points kept in a JSON file that survives the Baton process, with faults to inject.
 */
package dev.baton.drivers.sim;
