package io.healthgate.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a long-running command stops on SIGTERM or SIGINT: it closes what it runs, then exits 0 when
 * that worked (1 when it did not). A JVM stopped by a signal otherwise exits 143 or 130 whatever its
 * hooks do, and service managers and orchestrators read that as a crash. A command that ends by
 * itself ({@link #finished()} first) keeps its own exit code: the hook then only closes.
 */
final class CleanStop {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean finished = new AtomicBoolean();

    private CleanStop() {
    }

    /** Registers the hook: {@code close} runs once when the process is told to stop. */
    static CleanStop onSignal(String command, Runnable close, PrintStream err) {
        CleanStop stop = new CleanStop();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Read before the latch is released: the command's thread wakes on it and marks itself
            // finished on its way out, and read after, that made a SIGTERM exit 143 now and then.
            boolean endedByItself = stop.finished.get();
            int code = 0;
            try {
                close.run();
            } catch (RuntimeException e) {
                err.println("healthgate " + command + ": shutdown failed: " + e.getMessage());
                code = 1;
            }
            stop.stopped.countDown();
            if (endedByItself) {
                return; // the command ended by itself: its own exit code stands
            }
            System.out.flush();
            err.flush();
            Runtime.getRuntime().halt(code);
        }, "healthgate-" + command + "-stop"));
        return stop;
    }

    /** Blocks until the process is told to stop. */
    void await() throws InterruptedException {
        stopped.await();
    }

    /** Blocks until told to stop or the time is up; true when told to stop. */
    boolean await(long seconds) throws InterruptedException {
        return stopped.await(seconds, TimeUnit.SECONDS);
    }

    /** The command is ending on its own (its own exit code): a later hook only closes. */
    void finished() {
        finished.set(true);
    }
}
