/**
 * Fleets: many systems upgraded by one rollout. The fleet file and its checks, the waves, the
 * maintenance windows and the cross-system limits, as data; the journal keeps a fleet's state and
 * the claim that starts each system checks these limits in the database.
 */
package dev.baton.fleet;
