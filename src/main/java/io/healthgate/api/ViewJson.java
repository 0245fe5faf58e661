package io.healthgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The small conventions every operator view shares: times are ISO-8601 UTC strings, durations are
 * whole milliseconds, percentages are 0..100 rounded to one decimal, and anything unknown is JSON
 * {@code null} (never 0, which would be a claim).
 */
final class ViewJson {
    /**
     * Writes JSON trees and the view records of {@link ViewShapes}: record components named in
     * camelCase go on the wire in snake_case ({@code healthPercentage} is {@code health_percentage}).
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private ViewJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A view record as a tree (a view's callers may add to it, as the dashboard's success figures do). */
    static ObjectNode tree(Object view) {
        return MAPPER.valueToTree(view);
    }

    /** An instant as text, or null. */
    static String at(Optional<Instant> at) {
        return at.map(Instant::toString).orElse(null);
    }

    /** Whole milliseconds, or null. */
    static Long millis(Optional<Duration> d) {
        return d.map(Duration::toMillis).orElse(null);
    }

    /** A percentage (already 0..100) rounded to one decimal, or null (unknown, or not a finite number). */
    static Double percent(Optional<Double> pct) {
        return pct.filter(Double::isFinite).map(ViewJson::round1).orElse(null);
    }

    /** "95.3%", or empty when unknown. */
    static Optional<String> percentText(Optional<Double> pct) {
        return pct.filter(Double::isFinite).map(p -> String.format(Locale.ROOT, "%.1f%%", p));
    }

    static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    static String text(JsonNode node) {
        try {
            // The choke point of every operator view: whatever a view carries, no secret leaves in it.
            return io.healthgate.providers.Secrets.mask(MAPPER.writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** The operator views' error shape: {@code {"error": {"type": ..., "message": ...}}}. */
    static ObjectNode error(String type, String message) {
        return tree(new ViewShapes.ErrorReply(type, message));
    }

    /** "a, b, c and 4 more": keeps long lists of names readable. */
    static String names(java.util.List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }
}
