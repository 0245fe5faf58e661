package io.healthgate.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Carries out the {@link ProbeScheduler}'s decisions: every {@code batchInterval} it takes the
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

    /** Urgent probes (confirmations, suspect siblings) go out at most this long after they are due. */
    static final long URGENT_TICK_MS = 1000;

    /**
     * Runs {@link #tick()} every batch interval and {@link #tickUrgent()} every second on the given
     * scheduler (not owned).
     */
    public ScheduledFuture<?> start(ScheduledExecutorService executor) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                tickUrgent();
            } catch (RuntimeException e) {
                log.warn("urgent probes failed: {}", e.toString());
            }
        }, URGENT_TICK_MS, URGENT_TICK_MS, TimeUnit.MILLISECONDS);
        return executor.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("probe batch failed: {}", e.toString());
            }
        }, 0, batchIntervalMs, TimeUnit.MILLISECONDS);
    }

    /** Starts one batch; returns how many probes it started. */
    public int tick() {
        List<ProbeTask> batch = scheduler.takeDue(clock.instant());
        for (ProbeTask t : batch) {
            dispatch(t);
        }
        return batch.size();
    }

    /** Starts the urgent probes that are due now (see {@link ProbeScheduler#takeUrgent}); returns how many. */
    public int tickUrgent() {
        List<ProbeTask> batch = scheduler.takeUrgent(clock.instant());
        for (ProbeTask t : batch) {
            dispatch(t);
        }
        return batch.size();
    }

    private void dispatch(ProbeTask task) {
        try {
            prober.probe(task.offer(), task.request()).whenComplete((outcome, error) -> {
                if (error != null || outcome == null) {
                    log.warn("probe of {} failed inside the prober (a bug: probes must complete with an outcome): {}",
                            task.offer().id(), error == null ? "null outcome" : error.toString());
                    scheduler.abandon(task, clock.instant());
                    return;
                }
                onAnswer(task, outcome);
            });
        } catch (RuntimeException e) {
            log.warn("probe of {} could not be sent: {}", task.offer().id(), e.toString());
            scheduler.abandon(task, clock.instant());
        }
    }

    private void onAnswer(ProbeTask task, Outcome outcome) {
        ProbeScheduler.Completion c = scheduler.complete(task, outcome, clock.instant());
        c.toRecord().ifPresent(o -> {
            if (o.outcomeClass() == OutcomeClass.BAD_REQUEST) {
                // A probe is a request we wrote: a 400 means the probe is wrong, not the model.
                log.warn("PROBE IS WRONG: {} answered bad_request to our probe (upstream model '{}'): {}",
                        task.offer().id(), task.offer().upstreamModel(), o.errorSummary());
            }
            sink.onOutcome(o);
        });
        c.retry().ifPresent(this::dispatch);
    }
}
