package dev.baton.app.wiring;

/** Cleanup that must run on Ctrl-C as well as on a normal end. */
public final class ShutdownHooks {
  private ShutdownHooks() {}

  private static volatile boolean interrupted;

  /** A hook that first records that the JVM is going down, then runs {@code cleanup}. */
  public static Thread of(String name, Runnable cleanup) {
    return new Thread(
        () -> {
          interrupted = true;
          cleanup.run();
        },
        name);
  }

  /**
   * Whether a cleanup hook has started: work still running on other threads then fails on closed
   * resources, which is expected and not worth reporting.
   */
  public static boolean interrupted() {
    return interrupted;
  }

  /**
   * Removes a hook after a normal end. On Ctrl-C the JVM is already shutting down and runs the hook
   * itself, and removing it then would throw.
   */
  public static void remove(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs as part of the shutdown; nothing more to do
    }
  }
}
