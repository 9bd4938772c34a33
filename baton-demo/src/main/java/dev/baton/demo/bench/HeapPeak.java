package dev.baton.demo.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a piece of work needed: the peak the heap pools reached (garbage included, so it depends
 * on the collector and the cap) and the most that was still in use after a collection (what the
 * work kept alive, which must stay flat as a system grows).
 */
final class HeapPeak {

  /** Peaks in MiB. */
  record Figures(long peakMiB, long peakLiveMiB) {}

  private final AtomicLong live = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::collected;
  private final java.util.Set<String> heapPoolNames =
      java.util.Set.copyOf(heapPools().stream().map(MemoryPoolMXBean::getName).toList());

  private HeapPeak() {}

  /** Forgets earlier peaks and starts watching collections. */
  static HeapPeak start() {
    System.gc();
    HeapPeak h = new HeapPeak();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(h.listener, null, null);
        h.emitters.add(e);
      }
    }
    return h;
  }

  /**
   * Stops watching; the live peak also counts what is still in use after one last collection, so
   * that a run too short to collect still reports what it kept.
   */
  Figures stop() {
    long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.gc();
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // already gone
      }
    }
    long now = heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    return new Figures(mib(peak), mib(Math.max(live.get(), now)));
  }

  private void collected(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long after =
        info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
            .filter(e -> heapPoolNames.contains(e.getKey()))
            .mapToLong(e -> e.getValue().getUsed())
            .sum();
    live.accumulateAndGet(after, Math::max);
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  private static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }
}
