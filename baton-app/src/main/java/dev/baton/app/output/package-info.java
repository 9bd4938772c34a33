/**
 * How the command line prints: the live checklist, the ending line and exit code of a run, and
 * JSON.
 */
package dev.baton.app.output;
