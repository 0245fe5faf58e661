package io.healthgate.sla;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.HealthStore;
import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The recovery plan's six success figures, from the stored history (system snapshots for model
 * and gateway health, the outcome history for requests, latency and timeouts), each with its
 * target, its baseline (the same figure over days −14..−7) and a value per day for the last
 * seven. One pass over fourteen days of outcome history; the result is kept for a minute, since
 * the dashboard asks every few seconds.
 */
public final class SuccessMetrics {
    static final double MODEL_HEALTH_TARGET = 95;
    static final double GATEWAY_HEALTH_TARGET = 90;
    static final double FAILED_REQUESTS_TARGET = 5;
    static final double RESPONSE_TIME_FACTOR = 0.7;
    static final double FALSE_TIMEOUTS_TARGET = 5;
    static final double OPEN_BREAKERS_TARGET = 3;
    static final int DAYS = 7;

    private final OutcomeHistory history;
    private final HealthStore store;
    private Instant cachedMinute;
    private List<SuccessMetric> cached;

    public SuccessMetrics(OutcomeHistory history, HealthStore store) {
        this.history = Objects.requireNonNull(history, "history");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The six figures now. Blocks on the store: call from a worker thread.
     *
     * @param openBreakers circuit breakers open at this moment (breaker state is not kept in history)
     */
    public synchronized List<SuccessMetric> compute(Instant now, int openBreakers) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        if (cached == null || !minute.equals(cachedMinute)) {
            cached = computeFresh(now);
            cachedMinute = minute;
        }
        List<SuccessMetric> out = new ArrayList<>(cached);
        out.add(SuccessMetric.of("breakers_open", "Circuit breakers open",
                "offers whose circuit breaker is open right now (not kept in history, so no trend or baseline)",
                "count", Optional.of((double) openBreakers), "<", Optional.of(OPEN_BREAKERS_TARGET), Optional.empty(), List.of()));
        return out;
    }

    private List<SuccessMetric> computeFresh(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate firstTrendDay = today.minusDays(DAYS - 1);
        LocalDate firstBaselineDay = firstTrendDay.minusDays(DAYS);
        Instant from = firstBaselineDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));

        Map<LocalDate, Day> days = new HashMap<>();
        Day lastHour = new Day();
        Day baseline = new Day();
        Instant hourAgo = now.minus(Duration.ofHours(1));
        TimeoutTracker timeouts = new TimeoutTracker();
        java.util.function.Consumer<TimeoutTracker.Found> falseFound = f -> {
            LocalDate d = LocalDate.ofInstant(f.minute(), ZoneOffset.UTC);
            days.computeIfAbsent(d, x -> new Day()).falseTimeouts += f.count();
            if (d.isBefore(firstTrendDay)) {
                baseline.falseTimeouts += f.count();
            }
        };
        history.scan(from, to, Optional.empty(), b -> {
            LocalDate d = LocalDate.ofInstant(b.minute(), ZoneOffset.UTC);
            Day day = days.computeIfAbsent(d, x -> new Day());
            boolean inBaseline = d.isBefore(firstTrendDay);
            boolean recent = !b.minute().isBefore(hourAgo.truncatedTo(ChronoUnit.MINUTES));
            long t = b.count(OutcomeClass.TIMEOUT);
            for (Day x : inBaseline ? List.of(day, baseline) : recent ? List.of(day, lastHour) : List.of(day)) {
                x.timeouts += t;
                if (b.source() == DetectionSource.TRAFFIC) {
                    x.add(b);
                }
            }
            timeouts.add(b, falseFound);
        });
        timeouts.finish(falseFound);
        List<HealthStore.SystemSnapshot> snaps = store.systemSnapshots(from, to);
        Map<LocalDate, List<HealthStore.SystemSnapshot>> snapDays = new HashMap<>();
        snaps.forEach(s -> snapDays.computeIfAbsent(LocalDate.ofInstant(s.at(), ZoneOffset.UTC), x -> new ArrayList<>()).add(s));
        List<HealthStore.SystemSnapshot> lastDay = snaps.stream().filter(s -> s.at().isAfter(now.minus(Duration.ofHours(24)))).toList();
        List<HealthStore.SystemSnapshot> baselineSnaps = snaps.stream()
                .filter(s -> LocalDate.ofInstant(s.at(), ZoneOffset.UTC).isBefore(firstTrendDay)).toList();

        List<LocalDate> trendDays = new ArrayList<>();
        for (int i = 0; i < DAYS; i++) {
            trendDays.add(firstTrendDay.plusDays(i));
        }
        ToDoubleFunction<HealthStore.SystemSnapshot> modelHealth = HealthStore.SystemSnapshot::healthPercentage;
        ToDoubleFunction<HealthStore.SystemSnapshot> gatewayHealth = s -> s.totalGateways() == 0 ? Double.NaN
                : 100.0 * s.healthyGateways() / s.totalGateways();
        Optional<Double> responseBaseline = baseline.meanLatency();
        Day last24 = new Day();
        for (LocalDate d : List.of(today.minusDays(1), today)) {
            Day x = days.get(d);
            if (x != null) {
                last24.absorb(x);
            }
        }
        List<SuccessMetric> out = new ArrayList<>();
        out.add(SuccessMetric.of("model_health", "Model health",
                "healthy models / models with a configured offer of known status, averaged over the last 24 h of system snapshots",
                "percent", mean(lastDay, modelHealth), ">", Optional.of(MODEL_HEALTH_TARGET), mean(baselineSnaps, modelHealth),
                trendDays.stream().map(d -> mean(snapDays.getOrDefault(d, List.of()), modelHealth)).toList()));
        out.add(SuccessMetric.of("gateway_health", "Gateway health",
                "healthy gateways / gateways, averaged over the last 24 h of system snapshots",
                "percent", mean(lastDay, gatewayHealth), ">", Optional.of(GATEWAY_HEALTH_TARGET), mean(baselineSnaps, gatewayHealth),
                trendDays.stream().map(d -> mean(snapDays.getOrDefault(d, List.of()), gatewayHealth)).toList()));
        out.add(SuccessMetric.of("failed_requests", "Failed requests per hour",
                "live requests that failed with a counting class (timeout, server error, connection error, bad response), "
                        + "as a share of live counting requests, over the last hour",
                "percent", lastHour.failedPercent(), "<", Optional.of(FAILED_REQUESTS_TARGET), baseline.failedPercent(),
                trendDays.stream().map(d -> Optional.ofNullable(days.get(d)).flatMap(Day::failedPercent)).toList()));
        out.add(SuccessMetric.of("response_time", "Average response time",
                "mean total time of successful live requests since yesterday 00:00 UTC, in ms; target: 30% below the "
                        + "baseline week's mean",
                "ms", last24.meanLatency(), "<", responseBaseline.map(b -> b * RESPONSE_TIME_FACTOR), responseBaseline,
                trendDays.stream().map(d -> Optional.ofNullable(days.get(d)).flatMap(Day::meanLatency)).toList()));
        Day week = new Day();
        trendDays.forEach(d -> Optional.ofNullable(days.get(d)).ifPresent(week::absorb));
        out.add(SuccessMetric.of("false_timeouts", "False timeouts",
                "timeouts of an offer whose same or next minute was mostly successful (it was slow, not down), "
                        + "as a share of all timeouts, over the last 7 days",
                "percent", week.falseTimeoutPercent(), "<", Optional.of(FALSE_TIMEOUTS_TARGET), baseline.falseTimeoutPercent(),
                trendDays.stream().map(d -> Optional.ofNullable(days.get(d)).flatMap(Day::falseTimeoutPercent)).toList()));
        return out;
    }

    private static Optional<Double> mean(List<HealthStore.SystemSnapshot> snaps, ToDoubleFunction<HealthStore.SystemSnapshot> f) {
        double sum = 0;
        int n = 0;
        for (HealthStore.SystemSnapshot s : snaps) {
            double v = f.applyAsDouble(s);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Optional.empty() : Optional.of(sum / n);
    }

    /** Live counting calls, failures, success latency and timeouts of some span. */
    private static final class Day {
        long counted;
        long failures;
        long latencySumMs;
        long latencyCount;
        long timeouts;
        long falseTimeouts;

        void add(OutcomeBucket b) {
            for (OutcomeClass c : OutcomeClass.values()) {
                long n = b.count(c);
                if (c.isCountingSample()) {
                    counted += n;
                }
                if (c.countsAgainstOffer()) {
                    failures += n;
                }
            }
            latencySumMs += b.totalSumMs();
            for (long n : b.totalBins()) {
                latencyCount += n;
            }
        }

        void absorb(Day o) {
            counted += o.counted;
            failures += o.failures;
            latencySumMs += o.latencySumMs;
            latencyCount += o.latencyCount;
            timeouts += o.timeouts;
            falseTimeouts += o.falseTimeouts;
        }

        Optional<Double> failedPercent() {
            return counted == 0 ? Optional.empty() : Optional.of(100.0 * failures / counted);
        }

        Optional<Double> meanLatency() {
            return latencyCount == 0 ? Optional.empty() : Optional.of((double) latencySumMs / latencyCount);
        }

        Optional<Double> falseTimeoutPercent() {
            return timeouts == 0 ? Optional.empty() : Optional.of(100.0 * Math.min(falseTimeouts, timeouts) / timeouts);
        }
    }

    /** Finds timeouts an offer's own success soon after showed to be false (it was slow, not down). */
    private static final class TimeoutTracker {
        record Found(Instant minute, long count) {
        }

        private final Map<OfferId, long[]> current = new HashMap<>(); // [minute epoch ms, timeouts, successes, counting failures]
        private final Map<OfferId, long[]> carried = new HashMap<>(); // [minute epoch ms, unanswered timeouts]

        void add(OutcomeBucket b, java.util.function.Consumer<Found> found) {
            long m = b.minute().toEpochMilli();
            long[] cur = current.get(b.offer());
            if (cur != null && cur[0] != m) {
                close(b.offer(), cur, found);
                cur = null;
            }
            if (cur == null) {
                cur = new long[] {m, 0, 0, 0};
                current.put(b.offer(), cur);
            }
            cur[1] += b.count(OutcomeClass.TIMEOUT);
            cur[2] += b.count(OutcomeClass.SUCCESS);
            for (OutcomeClass c : OutcomeClass.values()) {
                if (c.countsAgainstOffer()) {
                    cur[3] += b.count(c);
                }
            }
        }

        /** Judges each offer's last minute (its same-minute successes still count). */
        void finish(java.util.function.Consumer<Found> found) {
            current.forEach((offer, cur) -> close(offer, cur, found));
            current.clear();
        }

        /** A minute "answers" when most of its counting calls succeeded. */
        private void close(OfferId offer, long[] cur, java.util.function.Consumer<Found> found) {
            boolean answers = cur[2] > cur[3];
            long[] carry = carried.remove(offer);
            if (carry != null && answers && carry[0] == cur[0] - 60_000) {
                found.accept(new Found(Instant.ofEpochMilli(carry[0]), carry[1]));
            }
            if (cur[1] == 0) {
                return;
            }
            if (answers) {
                found.accept(new Found(Instant.ofEpochMilli(cur[0]), cur[1]));
            } else {
                carried.put(offer, new long[] {cur[0], cur[1]});
            }
        }
    }
}
