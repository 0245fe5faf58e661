package io.healthgate.api;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthEngine;
import io.healthgate.health.HealthSettings;
import io.healthgate.health.HealthStore;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeBus;
import io.healthgate.health.OutcomeClass;
import io.healthgate.health.ProbeRunner;
import io.healthgate.health.ProbeScheduler;
import io.healthgate.routing.BreakerRegistry;
import io.healthgate.routing.BreakerSettings;
import io.healthgate.routing.RoutingSwitch;
import io.healthgate.support.FakeClock;
import io.healthgate.support.InMemoryHealthStore;
import io.healthgate.support.ScriptedProber;
import io.healthgate.support.TestCatalogs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A fleet with known truth, fed through the outcome bus on a fake clock:
 * <ul>
 *   <li>gateways groq, together, openrouter (keys set) and fireworks (FIREWORKS_API_KEY unset);</li>
 *   <li>healthy: meta-llama/llama-3.3-70b (groq; together via one probe), openai/gpt-4o (together),
 *       deepseek/deepseek-v3 (groq);</li>
 *   <li>unhealthy: mistralai/mistral-large (together, 5 server errors in a row: its breaker opens);</li>
 *   <li>unconfigured: qwen/qwen-2.5-72b (fireworks only);</li>
 *   <li>misconfigured: anthropic/claude-3.5-sonnet (openrouter rejected the key).</li>
 * </ul>
 * So: 4 models with known status, 3 healthy: 75.0%; 6 of 7 offers configured: coverage 85.7%;
 * provider mistralai is problematic (1 of 1 unhealthy); one probe (together llama, 7 tokens).
 */
final class ViewsScenario {
    static final OfferId GROQ_LLAMA = new OfferId("groq", "meta-llama/llama-3.3-70b");
    static final OfferId TOGETHER_LLAMA = new OfferId("together", "meta-llama/llama-3.3-70b");
    static final OfferId TOGETHER_GPT = new OfferId("together", "openai/gpt-4o");
    static final OfferId GROQ_DEEPSEEK = new OfferId("groq", "deepseek/deepseek-v3");
    static final OfferId TOGETHER_MISTRAL = new OfferId("together", "mistralai/mistral-large");
    static final OfferId FIREWORKS_QWEN = new OfferId("fireworks", "qwen/qwen-2.5-72b");
    static final OfferId OPENROUTER_CLAUDE = new OfferId("openrouter", "anthropic/claude-3.5-sonnet");

    final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T12:00:00Z"));
    final Catalog catalog = TestCatalogs.builder()
            .gateway("groq").gateway("together").gateway("openrouter").gateway("fireworks")
            .model("meta-llama/llama-3.3-70b", "groq", "together")
            .model("openai/gpt-4o", "together")
            .model("deepseek/deepseek-v3", "groq")
            .model("mistralai/mistral-large", "together")
            .model("qwen/qwen-2.5-72b", "fireworks")
            .model("anthropic/claude-3.5-sonnet", "openrouter")
            .build();
    final HealthEngine engine = new HealthEngine(catalog, Set.of("groq", "together", "openrouter"), HealthSettings.defaults(), clock);
    final BreakerRegistry breakers = new BreakerRegistry(BreakerSettings.DEFAULTS, clock);
    final RoutingSwitch routing = RoutingSwitch.healthAware(true);
    final ProbeScheduler probes = new ProbeScheduler(engine);
    final InMemoryHealthStore store = new InMemoryHealthStore();
    final MetricsRecorder metrics = new MetricsRecorder(engine, Optional.of(breakers));
    final OutcomeBus bus = new OutcomeBus().subscribe(engine).subscribe(breakers).subscribe(metrics);
    /** The scripted week of outcome history (see {@link io.healthgate.support.SlaWeek}), filled by {@link #scripted()}. */
    final io.healthgate.support.InMemoryOutcomeHistory outcomes = new io.healthgate.support.InMemoryOutcomeHistory();
    /** SLA over it: together's target is 99%, every other gateway's the default 99.5%. */
    final io.healthgate.sla.SlaCalculator sla = new io.healthgate.sla.SlaCalculator(outcomes,
            io.healthgate.sla.SlaSettings.defaults().withTargets(99.5, java.util.Map.of("together", 99.0)));

    /** An engine that has seen nothing yet: the "before the first cycle" case. */
    static ViewsScenario empty() {
        return new ViewsScenario();
    }

    /** The fleet described above, with 24 h of stored history climbing from 60% to 75%. */
    static ViewsScenario scripted() {
        ViewsScenario s = new ViewsScenario();
        s.engine.circuitView(offer -> s.breakers.state(offer, s.clock.instant()) == io.healthgate.routing.BreakerState.OPEN);
        s.live(GROQ_LLAMA, 5, Duration.ofMillis(120));
        s.live(TOGETHER_GPT, 4, Duration.ofMillis(300));
        s.live(GROQ_DEEPSEEK, 3, Duration.ofMillis(200));
        for (int i = 0; i < 5; i++) {
            s.bus.onOutcome(Outcome.failure(TOGETHER_MISTRAL, OutcomeClass.SERVER_ERROR, Outcome.Source.LIVE, 503,
                    "HTTP 503 upstream overloaded", s.clock.instant()));
        }
        s.bus.onOutcome(Outcome.failure(OPENROUTER_CLAUDE, OutcomeClass.AUTH_ERROR, Outcome.Source.LIVE, 401,
                "HTTP 401 invalid key", s.clock.instant()));
        ScriptedProber prober = new ScriptedProber(s.clock).script(TOGETHER_MISTRAL, OutcomeClass.SERVER_ERROR);
        // Only together's llama offer has no evidence yet, so it is the one probe due now.
        new ProbeRunner(s.probes, prober, s.bus, s.engine).tick();
        s.history();
        s.outcomes.append(io.healthgate.support.SlaWeek.ending(s.clock.instant()));
        s.engine.rebuild();
        return s;
    }

    void live(OfferId offer, int n, Duration ttfb) {
        for (int i = 0; i < n; i++) {
            bus.onOutcome(new Outcome(offer, OutcomeClass.SUCCESS, Outcome.Source.LIVE, 200, Optional.of(ttfb),
                    ttfb.multipliedBy(3), 10, 20, "", Optional.empty(), clock.instant()));
        }
    }

    private void history() {
        Instant now = clock.instant();
        for (int i = 48; i >= 1; i--) {
            double pct = 60.0 + 15.0 * (48 - i) / 47.0;
            store.writeSystemSnapshot(new HealthStore.SystemSnapshot(now.minus(Duration.ofMinutes(30L * i)), pct, 85.7,
                    (int) Math.round(pct / 25), 1, 5, 6, 1, 4));
        }
        store.writeOfferSnapshots(List.of(
                new HealthStore.OfferSnapshot(now.minus(Duration.ofMinutes(30)), GROQ_LLAMA, OfferStatus.HEALTHY, 1.0, 5),
                new HealthStore.OfferSnapshot(now.minus(Duration.ofHours(3)), GROQ_LLAMA, OfferStatus.UNHEALTHY, 0.0, 5),
                new HealthStore.OfferSnapshot(now.minus(Duration.ofDays(2)), GROQ_LLAMA, OfferStatus.HEALTHY, 1.0, 5)));
    }

    OperatorServices services(OperatorSettings settings, Reloader reloader) {
        return new OperatorServices(engine, Optional.of(breakers), routing, Optional.of(probes), Optional.of(store), metrics,
                reloader, settings, () -> false, () -> "").withSla(new io.healthgate.sla.SlaTracking(sla, new io.healthgate.sla.SuccessMetrics(outcomes, store)));
    }

    HealthViews.Inputs inputs() {
        return HealthViews.Inputs.of(engine, Optional.of(breakers), routing);
    }
}
