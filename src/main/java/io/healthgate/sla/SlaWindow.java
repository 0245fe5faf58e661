package io.healthgate.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The span an SLA report covers: {@code [from, to)}, named by a label ({@code 1h}, {@code 24h},
 * {@code 7d}, {@code 30d}, any {@code <n>m|h|d}, or {@code custom} for an explicit range).
 */
public record SlaWindow(String label, Instant from, Instant to) {
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,5})([mhd])");

    public SlaWindow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("window must start before it ends, got " + from + " .. " + to);
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /**
     * The window named by {@code label} ending now (the current minute included), or the explicit
     * range {@code from}/{@code to} (ISO-8601 instants) when either is given.
     *
     * @throws IllegalArgumentException naming the bad value and what is accepted
     */
    public static SlaWindow parse(String label, String from, String to, Instant now, Duration longest) {
        boolean custom = (from != null && !from.isBlank()) || (to != null && !to.isBlank());
        SlaWindow w;
        if (custom) {
            Instant f = instant("from", from, null);
            Instant t = instant("to", to, now);
            if (!f.isBefore(t)) {
                throw new IllegalArgumentException("from must be before to, got from=" + from + " to=" + (to == null ? now : to));
            }
            w = new SlaWindow("custom", f, t);
        } else {
            String l = label == null || label.isBlank() ? "7d" : label.trim().toLowerCase(Locale.ROOT);
            Matcher m = RELATIVE.matcher(l);
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new IllegalArgumentException("window must be a number and a unit (m, h or d), e.g. 1h, 24h, 7d or 30d; got '" + label + "'");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            w = new SlaWindow(l, end.minus(d), end);
        }
        if (w.length().compareTo(longest) > 0) {
            throw new IllegalArgumentException("window " + w.label() + " is longer than the history kept ("
                    + longest.toDays() + " days, storage.history_retention_days)");
        }
        return w;
    }

    private static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            if (fallback != null) {
                return fallback;
            }
            throw new IllegalArgumentException(name + " is missing: a custom range needs from (and optionally to) as ISO-8601 instants, e.g. 2026-01-01T00:00:00Z");
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '" + value + "'");
        }
    }
}
