/**
 * Reports of a run and of a sync window: the data, rebuilt from the journal or from samples, and
 * its Markdown.
 */
package dev.baton.app.report;
