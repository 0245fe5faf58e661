package io.healthgate.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Carries out the {@link ProbeScheduler}'s decisions: every {@code batchInterval} (or back to back
 * when it is 0) it takes the
 * due batch, sends each through the {@link Prober} port, sends a timed-out probe once more with
 * the cold-start allowance, and hands every counted outcome to the sink (the {@link OutcomeBus},
 * so the engine, breakers and the writer all see probes as they see live traffic).
 */
public final class ProbeRunner {
    private static final Logger log = LoggerFactory.getLogger(ProbeRunner.class);

    private final ProbeScheduler scheduler;
    private final Prober prober;
    private final OutcomeListener sink;
    private final Clock clock;
    private final long batchIntervalMs;

    public ProbeRunner(ProbeScheduler scheduler, Prober prober, OutcomeListener sink, HealthEngine engine) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.prober = Objects.requireNonNull(prober, "prober");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = engine.clock();
        this.batchIntervalMs = engine.settings().batchInterval().toMillis();
    }

    /**
     * Runs batches on the given scheduler (not owned): every batch interval; with an interval of
     * 0, back to back, each batch starting once every probe of the one before (its cold-start
     * retry included) has answered. A batch that found nothing due then waits {@link #IDLE_POLL}
     * before looking again, so "no pause" never spins.
     */
    public ScheduledFuture<?> start(ScheduledExecutorService executor) {
        // Between batches, urgent probes (confirmations, suspect siblings) go out within a second.
        executor.scheduleWithFixedDelay(() -> {
            try {
                tickUrgent();
            } catch (RuntimeException e) {
                log.warn("urgent probes failed: {}", e.toString());
            }
        }, URGENT_TICK_MS, URGENT_TICK_MS, TimeUnit.MILLISECONDS);
        if (batchIntervalMs > 0) {
            return executor.scheduleWithFixedDelay(this::safeTick, 0, batchIntervalMs, TimeUnit.MILLISECONDS);
        }
        return executor.schedule(() -> backToBack(executor), 0, TimeUnit.MILLISECONDS);
    }

    /** Urgent probes go out at most this long after they are due. */
    static final long URGENT_TICK_MS = 1000;

    /** How long a back-to-back runner waits after a batch that had nothing to probe. */
    public static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("probe batch failed: {}", e.toString());
        }
    }

    private void backToBack(ScheduledExecutorService executor) {
        List<CompletableFuture<Void>> batch;
        try {
            batch = startBatch();
        } catch (RuntimeException e) {
            log.warn("probe batch failed: {}", e.toString());
            batch = List.of();
        }
        try {
            if (batch.isEmpty()) {
                executor.schedule(() -> backToBack(executor), IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
                        .whenComplete((ok, error) -> next(executor));
            }
        } catch (RejectedExecutionException stopped) {
            // The process is stopping.
        }
    }

    private void next(ScheduledExecutorService executor) {
        try {
            executor.execute(() -> backToBack(executor));
        } catch (RejectedExecutionException stopped) {
            // The process is stopping.
        }
    }

    /** Starts one batch; returns how many probes it started. */
    public int tick() {
        return startBatch().size();
    }

    /** Starts the urgent probes that are due now (see {@link ProbeScheduler#takeUrgent}); returns how many. */
    public int tickUrgent() {
        List<ProbeTask> urgent = scheduler.takeUrgent(clock.instant());
        for (ProbeTask t : urgent) {
            dispatch(t);
        }
        return urgent.size();
    }

    /** Starts the due batch; each future completes when that probe (and its retry, if any) has answered. */
    private List<CompletableFuture<Void>> startBatch() {
        List<ProbeTask> batch = scheduler.takeDue(clock.instant());
        List<CompletableFuture<Void>> answered = new ArrayList<>(batch.size());
        for (ProbeTask t : batch) {
            answered.add(dispatch(t));
        }
        return answered;
    }

    private CompletableFuture<Void> dispatch(ProbeTask task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            prober.probe(task.offer(), task.request()).whenComplete((outcome, error) -> {
                if (error != null || outcome == null) {
                    log.warn("probe of {} failed inside the prober (a bug: probes must complete with an outcome): {}",
                            task.offer().id(), error == null ? "null outcome" : error.toString());
                    scheduler.abandon(task, clock.instant());
                    done.complete(null);
                    return;
                }
                try {
                    onAnswer(task, outcome).whenComplete((ok, e) -> done.complete(null));
                } catch (RuntimeException e) {
                    done.complete(null);
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            log.warn("probe of {} could not be sent: {}", task.offer().id(), e.toString());
            scheduler.abandon(task, clock.instant());
            done.complete(null);
        }
        return done;
    }

    private CompletableFuture<Void> onAnswer(ProbeTask task, Outcome outcome) {
        ProbeScheduler.Completion c = scheduler.complete(task, outcome, clock.instant());
        c.toRecord().ifPresent(o -> {
            if (o.outcomeClass() == OutcomeClass.BAD_REQUEST) {
                // A probe is a request we wrote: a 400 means the probe is wrong, not the model.
                log.warn("PROBE IS WRONG: {} answered bad_request to our probe (upstream model '{}'): {}",
                        task.offer().id(), task.offer().upstreamModel(), o.errorSummary());
            }
            sink.onOutcome(o);
        });
        return c.retry().map(this::dispatch).orElseGet(() -> CompletableFuture.completedFuture(null));
    }
}
