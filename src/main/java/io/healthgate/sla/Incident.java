package io.healthgate.sla;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stretch of time in which offers of one gateway failed, derived from the outcome history by
 * {@link IncidentBuilder}.
 *
 * @param end the end of its last bad minute (for an ongoing incident: so far)
 * @param ongoing true when it had not ended by the end of the window
 * @param affectedOffers the offers that had bad minutes in it, sorted
 * @param dominantClass the counting failure class seen most often
 * @param detectedBy the source of its earliest failure
 * @param failures counting failures within it
 */
public record Incident(
        String gateway,
        Instant start,
        Instant end,
        boolean ongoing,
        List<OfferId> affectedOffers,
        OutcomeClass dominantClass,
        DetectionSource detectedBy,
        long failures) {

    public Incident {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        affectedOffers = List.copyOf(affectedOffers);
        Objects.requireNonNull(dominantClass, "dominantClass");
        Objects.requireNonNull(detectedBy, "detectedBy");
    }

    public Duration duration() {
        return Duration.between(start, end);
    }
}
