package io.healthgate.sla;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Derives incidents from the outcome history. Rules:
 * <ul>
 *   <li>A minute of an offer is <b>bad</b> when it had counting failures making up at least
 *       {@code badMinuteErrorRate} of its counting calls; <b>good</b> when it had counting calls
 *       and is not bad; otherwise (no counting call) it says nothing.</li>
 *   <li>An offer's episode starts with a bad minute and ends with its last bad minute when a good
 *       minute follows, or when nothing was heard for {@code quietClose} after it. Still open at
 *       the window's end, it is <i>ongoing</i>.</li>
 *   <li>Episodes with fewer than {@code minIncidentFailures} counting failures are noise.</li>
 *   <li>Episodes of one gateway's offers that overlap or lie within {@code mergeGap} of each other
 *       are one incident: outages are usually gateway-wide, and an operator wants one line per outage.</li>
 *   <li>An incident is detected by the source of its earliest failure; its dominant class is the
 *       counting failure class seen most often within it.</li>
 * </ul>
 * Feed buckets in minute order ({@link OutcomeHistory#scan} gives them so); then {@link #finish}.
 */
final class IncidentBuilder {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final SlaSettings settings;
    private final Map<OfferId, OfferTrack> tracks = new HashMap<>();
    private final List<Episode> episodes = new ArrayList<>();

    IncidentBuilder(SlaSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    void add(OutcomeBucket b) {
        tracks.computeIfAbsent(b.offer(), OfferTrack::new).add(b);
    }

    /** The incidents, oldest first; an episode still open at {@code windowEnd} is ongoing. */
    List<Incident> finish(Instant windowEnd) {
        for (OfferTrack t : tracks.values()) {
            t.closeMinute();
            if (t.open != null) {
                boolean quiet = !windowEnd.isBefore(t.open.end.plus(settings.quietClose()));
                t.open.ongoing = !quiet;
                t.endEpisode();
            }
        }
        Map<String, List<Episode>> byGateway = new TreeMap<>();
        for (Episode e : episodes) {
            if (e.failures >= settings.minIncidentFailures()) {
                byGateway.computeIfAbsent(e.offer.gateway(), g -> new ArrayList<>()).add(e);
            }
        }
        List<Incident> out = new ArrayList<>();
        byGateway.forEach((gateway, list) -> {
            list.sort(Comparator.comparing((Episode e) -> e.start).thenComparing(e -> e.offer));
            List<Episode> group = new ArrayList<>();
            Instant groupEnd = null;
            for (Episode e : list) {
                if (groupEnd != null && e.start.isAfter(groupEnd.plus(settings.mergeGap()))) {
                    out.add(incident(gateway, group));
                    group = new ArrayList<>();
                    groupEnd = null;
                }
                group.add(e);
                groupEnd = groupEnd == null || e.end.isAfter(groupEnd) ? e.end : groupEnd;
            }
            if (!group.isEmpty()) {
                out.add(incident(gateway, group));
            }
        });
        out.sort(Comparator.comparing(Incident::start).thenComparing(Incident::gateway));
        return out;
    }

    private static Incident incident(String gateway, List<Episode> group) {
        Instant start = null;
        Instant end = null;
        boolean ongoing = false;
        long failures = 0;
        TreeSet<OfferId> offers = new TreeSet<>();
        Map<OutcomeClass, Long> classes = new EnumMap<>(OutcomeClass.class);
        Instant earliest = null;
        DetectionSource detectedBy = DetectionSource.TRAFFIC;
        for (Episode e : group) {
            start = start == null || e.start.isBefore(start) ? e.start : start;
            end = end == null || e.end.isAfter(end) ? e.end : end;
            ongoing |= e.ongoing;
            failures += e.failures;
            offers.add(e.offer);
            e.classes.forEach((c, n) -> classes.merge(c, n, Long::sum));
            if (e.firstFailure != null && (earliest == null || e.firstFailure.isBefore(earliest))) {
                earliest = e.firstFailure;
                detectedBy = e.firstSource;
            }
        }
        OutcomeClass dominant = classes.entrySet().stream()
                .max(Map.Entry.<OutcomeClass, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(OutcomeClass.SERVER_ERROR);
        return new Incident(gateway, start, end, ongoing, List.copyOf(offers), dominant, detectedBy, failures);
    }

    /** One offer's minutes as they stream by, and its open episode. */
    private final class OfferTrack {
        final OfferId offer;
        Instant minute;
        long counted;
        long failures;
        final Map<OutcomeClass, Long> classes = new EnumMap<>(OutcomeClass.class);
        Instant firstFailure;
        DetectionSource firstSource;
        Episode open;

        OfferTrack(OfferId offer) {
            this.offer = offer;
        }

        void add(OutcomeBucket b) {
            if (minute != null && !b.minute().equals(minute)) {
                closeMinute();
            }
            minute = b.minute();
            for (OutcomeClass c : OutcomeClass.values()) {
                long n = b.count(c);
                if (n > 0 && c.isCountingSample()) {
                    counted += n;
                    if (c.countsAgainstOffer()) {
                        failures += n;
                        classes.merge(c, n, Long::sum);
                    }
                }
            }
            if (b.firstFailure().isPresent() && (firstFailure == null || b.firstFailure().get().isBefore(firstFailure))) {
                firstFailure = b.firstFailure().get();
                firstSource = b.source();
            }
        }

        /** Judges the minute gathered so far and moves the episode on. */
        void closeMinute() {
            if (minute == null) {
                return;
            }
            if (counted > 0) {
                boolean bad = failures > 0 && failures >= settings.badMinuteErrorRate() * counted;
                if (bad) {
                    if (open != null && minute.isAfter(open.end.plus(settings.quietClose()))) {
                        endEpisode();
                    }
                    if (open == null) {
                        open = new Episode(offer, minute);
                    }
                    open.addBadMinute(minute, failures, classes, firstFailure, firstSource);
                } else if (open != null) {
                    endEpisode();
                }
            }
            minute = null;
            counted = 0;
            failures = 0;
            classes.clear();
            firstFailure = null;
            firstSource = null;
        }

        void endEpisode() {
            episodes.add(open);
            open = null;
        }
    }

    private static final class Episode {
        final OfferId offer;
        final Instant start;
        Instant end;
        boolean ongoing;
        long failures;
        final Map<OutcomeClass, Long> classes = new EnumMap<>(OutcomeClass.class);
        Instant firstFailure;
        DetectionSource firstSource;

        Episode(OfferId offer, Instant start) {
            this.offer = offer;
            this.start = start;
            this.end = start;
        }

        void addBadMinute(Instant minute, long f, Map<OutcomeClass, Long> c, Instant first, DetectionSource source) {
            end = minute.plus(MINUTE);
            failures += f;
            c.forEach((k, n) -> classes.merge(k, n, Long::sum));
            if (first != null && (firstFailure == null || first.isBefore(firstFailure))) {
                firstFailure = first;
                firstSource = source;
            }
        }
    }
}
