package dev.baton.journal;

import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;

/**
 * A journal whose writes can carry a {@link Fence}: each is checked against the system's lease in
 * the write's own transaction, and refused when a newer epoch holds the system.
 */
interface Fenceable extends Journal {

  RunRecord createRun(RunRecord template, Fence fence);

  void setStatus(String runId, RunStatus status, Fence fence);

  JournalEvent append(JournalEvent event, Fence fence);
}
