/**
 * {@code baton serve}: the operator's console. REST and Server-Sent Events over the same journal
 * and home as the CLI, bearer tokens per person for every change, and the dashboard's files.
 */
package dev.baton.app.server;
