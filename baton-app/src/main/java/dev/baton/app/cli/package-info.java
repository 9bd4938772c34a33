/** The picocli commands of {@code baton}, their option mixins, and what only the commands share. */
package dev.baton.app.cli;
