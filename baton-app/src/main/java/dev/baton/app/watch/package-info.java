/**
 * The is-alive watcher of a pair: its checks, the failure detector, the on-failure modes and their
 * responses (alert, failover).
 */
package dev.baton.app.watch;
