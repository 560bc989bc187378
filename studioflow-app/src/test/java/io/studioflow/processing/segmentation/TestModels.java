package io.studioflow.processing.segmentation;

import io.studioflow.testing.ProcessMemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the real model weights (Surefire passes {@code studioflow.model.dir}). */
public final class TestModels {

    private TestModels() {
    }

    public static Path modelDir() {
        String dir = System.getProperty("studioflow.model.dir");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("studioflow.root", "."), ".studioflow", "models");
    }

    /**
     * Resident memory outside the Java heap in MB, after a full collection: native libraries, OpenCV Mats, ORT's
     * arena, direct buffers and the JVM's own structures.
     */
    static long nativeMegabytes() {
        System.gc();
        try {
            // G1 gives heap back to the system concurrently after a full collection: let it settle
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long heapCommitted = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
        return ProcessMemory.residentMegabytes() - heapCommitted;
    }

    static String memoryReport() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
        return "RSS %d MB, heap used %d MB of %d MB committed, direct buffers %d MB".formatted(ProcessMemory.residentMegabytes(),
                heap.getUsed() >> 20, heap.getCommitted() >> 20, direct >> 20);
    }
}
