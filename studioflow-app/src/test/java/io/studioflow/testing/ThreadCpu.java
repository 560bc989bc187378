package io.studioflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time the operating system charged each thread of a process, native threads included (ONNX Runtime's pool,
 * the JIT compilers, GC), read from /proc (Linux). Two snapshots give where a stretch of work spent its CPU.
 */
public final class ThreadCpu {

    /** Linux's USER_HZ, which /proc reports ticks in. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<Long, Thread> threads;

    private record Thread(String name, long ticks) {
    }

    private ThreadCpu(Map<Long, Thread> threads) {
        this.threads = threads;
    }

    /** Every thread of process {@code pid} now; threads that end before the read are left out. */
    public static ThreadCpu of(long pid) {
        Map<Long, Thread> threads = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // the name sits in parentheses and may hold spaces: the fields after the last ')' are fixed
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                    threads.put(Long.parseLong(task.getFileName().toString()), new Thread(name, ticks));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the threads of process " + pid + " from /proc", e);
        }
        return new ThreadCpu(threads);
    }

    /** CPU seconds since {@code before}, by thread group (the name without its number), largest first. */
    public Map<String, Double> secondsSince(ThreadCpu before) {
        Map<String, Long> ticks = new TreeMap<>();
        threads.forEach((tid, now) -> {
            Thread then = before.threads.get(tid);
            long spent = now.ticks() - (then == null || !then.name().equals(now.name()) ? 0 : then.ticks());
            ticks.merge(group(now.name()), spent, Long::sum);
        });
        return ticks.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() / TICKS_PER_SECOND,
                        (a, b) -> a, LinkedHashMap::new));
    }

    /** "pool-4-thread-3" and "pool-4-thread-1" are one group; the kernel cuts names at 15 characters. */
    private static String group(String name) {
        return name.replaceAll("[-#]?\\d+$", "").replaceAll("-\\d+-", "-#-");
    }
}
