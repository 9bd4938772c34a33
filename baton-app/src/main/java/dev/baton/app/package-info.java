/**
 * The {@code baton} command line: its entry point {@link dev.baton.app.Main} and its one error
 * type; the parts live in the subpackages.
 */
package dev.baton.app;
