package io.healthgate.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.OfferId;
import io.healthgate.health.OfferStatus;
import io.healthgate.health.Outcome;
import io.healthgate.health.OutcomeClass;
import io.healthgate.routing.BreakerState;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Fleet messages as JSON, one object each: {@code {"v":1,"origin":..,"at":epoch_ms,"kind":..,...}}.
 * A message of a newer kind, or one that does not parse, is rejected with a clear
 * {@link IllegalArgumentException}, so an instance of another version is ignored, not obeyed.
 */
public final class FleetCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private FleetCodec() {
    }

    public static String encode(FleetMessage m) {
        ObjectNode n = JSON.createObjectNode().put("v", VERSION).put("origin", m.origin()).put("at", m.observedAt().toEpochMilli());
        switch (m.event()) {
            case FleetEvent.BreakerChanged b -> {
                offer(n.put("kind", "breaker"), b.offer()).put("to", b.to().wireName()).put("reason", b.reason());
                b.openUntil().ifPresent(u -> n.put("until", u.toEpochMilli()));
            }
            case FleetEvent.StatusChanged s -> offer(n.put("kind", "status"), s.offer())
                    .put("status", s.status().wireName()).put("reason", s.reason());
            case FleetEvent.Throttled t -> n.put("kind", "throttle").put("gateway", t.gateway()).put("scope", t.scope())
                    .put("until", t.until().toEpochMilli());
            case FleetEvent.Probed p -> {
                Outcome o = p.outcome();
                offer(n.put("kind", "probe"), o.offer()).put("class", o.outcomeClass().wireName())
                        .put("status_code", o.statusCode()).put("total_ms", o.total().toMillis())
                        .put("tokens_in", o.inputTokens()).put("tokens_out", o.outputTokens())
                        .put("error", o.errorSummary()).put("outcome_at", o.at().toEpochMilli());
                o.timeToFirstByte().ifPresent(d -> n.put("ttfb_ms", d.toMillis()));
                o.retryAfter().ifPresent(d -> n.put("retry_after_ms", d.toMillis()));
            }
        }
        return n.toString();
    }

    /** @throws IllegalArgumentException when the text is not a fleet message this version understands */
    public static FleetMessage decode(String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a fleet message (invalid JSON): " + e.getMessage(), e);
        }
        if (n == null || !n.isObject() || n.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("not a version " + VERSION + " fleet message: " + abbreviate(text));
        }
        String kind = n.path("kind").asText();
        FleetEvent event = switch (kind) {
            case "breaker" -> new FleetEvent.BreakerChanged(offer(n), BreakerState.valueOf(text(n, "to").toUpperCase(Locale.ROOT)),
                    n.has("until") ? Optional.of(Instant.ofEpochMilli(n.get("until").asLong())) : Optional.empty(), n.path("reason").asText());
            case "status" -> new FleetEvent.StatusChanged(offer(n), OfferStatus.fromWireName(text(n, "status")), n.path("reason").asText());
            case "throttle" -> new FleetEvent.Throttled(text(n, "gateway"), n.path("scope").asText(),
                    Instant.ofEpochMilli(n.path("until").asLong()));
            case "probe" -> new FleetEvent.Probed(new Outcome(offer(n), OutcomeClass.fromWireName(text(n, "class")), Outcome.Source.PROBE,
                    n.path("status_code").asInt(), n.has("ttfb_ms") ? Optional.of(Duration.ofMillis(n.get("ttfb_ms").asLong())) : Optional.empty(),
                    Duration.ofMillis(n.path("total_ms").asLong()), n.path("tokens_in").asLong(), n.path("tokens_out").asLong(),
                    n.path("error").asText(), n.has("retry_after_ms") ? Optional.of(Duration.ofMillis(n.get("retry_after_ms").asLong())) : Optional.empty(),
                    Instant.ofEpochMilli(n.path("outcome_at").asLong())));
            default -> throw new IllegalArgumentException("unknown fleet message kind '" + kind + "'");
        };
        return new FleetMessage(text(n, "origin"), Instant.ofEpochMilli(n.path("at").asLong()), event);
    }

    private static ObjectNode offer(ObjectNode n, OfferId id) {
        return n.put("gateway", id.gateway()).put("model", id.model());
    }

    private static OfferId offer(JsonNode n) {
        return new OfferId(text(n, "gateway"), text(n, "model"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("fleet message without '" + field + "'");
        }
        return v.asText();
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
