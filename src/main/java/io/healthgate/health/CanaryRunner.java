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
 * Carries out the {@link CanaryScheduler}'s decisions: the gateway's free check first; when it
 * finds the gateway unreachable the gateway is suspect and no tokens are spent; otherwise, when
 * the scheduler says it is worth it ({@link CanaryScheduler#sendCompletion}), one tiny
 * completion, whose outcome goes to the sink like a probe's (it is real evidence about that
 * offer) and whose counting failure makes the gateway suspect, so its offers are re-probed first.
 */
public final class CanaryRunner {
    private static final Logger log = LoggerFactory.getLogger(CanaryRunner.class);
    /** Canaries are due by the minute; a check every few seconds is plenty. */
    static final long TICK_MS = 5000;

    private final CanaryScheduler scheduler;
    private final GatewayCheck check;
    private final Prober prober;
    private final OutcomeListener sink;
    private final HealthEngine engine;
    private final Clock clock;

    public CanaryRunner(CanaryScheduler scheduler, GatewayCheck check, Prober prober, OutcomeListener sink, HealthEngine engine) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.check = Objects.requireNonNull(check, "check");
        this.prober = Objects.requireNonNull(prober, "prober");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = engine.clock();
    }

    public ScheduledFuture<?> start(ScheduledExecutorService executor) {
        return executor.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("canaries failed: {}", e.toString());
            }
        }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Starts the canaries due now; returns how many. */
    public int tick() {
        List<CanaryScheduler.CanaryTask> due = scheduler.takeDue(clock.instant());
        due.forEach(this::run);
        return due.size();
    }

    private void run(CanaryScheduler.CanaryTask task) {
        String gw = task.gateway().name();
        try {
            check.check(task.gateway(), task.completion().timeout()).whenComplete((r, error) -> {
                GatewayCheck.Result result = r != null ? r : new GatewayCheck.Result(GatewayCheck.Reach.UNKNOWN,
                        "check failed: " + (error == null ? "no result" : error.getClass().getSimpleName()));
                if (result.reach() == GatewayCheck.Reach.UNREACHABLE) {
                    engine.canaryFailed(gw, "models list " + result.detail());
                    scheduler.done(task, 0);
                    return;
                }
                if (scheduler.sendCompletion(task, result.reach(), clock.instant())) {
                    complete(task);
                } else {
                    scheduler.done(task, 0);
                }
            });
        } catch (RuntimeException e) {
            log.warn("canary of {} could not be sent: {}", gw, e.toString());
            scheduler.done(task, 0);
        }
    }

    private void complete(CanaryScheduler.CanaryTask task) {
        String gw = task.gateway().name();
        try {
            prober.probe(task.offer(), task.completion()).whenComplete((o, error) -> {
                if (o == null) {
                    scheduler.done(task, 0);
                    return;
                }
                sink.onOutcome(o);
                if (o.outcomeClass().isCountingSample() && o.outcomeClass() != OutcomeClass.SUCCESS) {
                    engine.canaryFailed(gw, "tiny completion on " + task.offer().model() + " " + o.outcomeClass().wireName()
                            + (o.errorSummary().isBlank() ? "" : " (" + o.errorSummary() + ")"));
                }
                scheduler.done(task, o.inputTokens() + o.outputTokens());
            });
        } catch (RuntimeException e) {
            log.warn("canary completion on {} could not be sent: {}", task.offer().id(), e.toString());
            scheduler.done(task, 0);
        }
    }
}
