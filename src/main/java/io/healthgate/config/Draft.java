package io.healthgate.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The values one feature's settings record is built from, read key by key off the file. The
 * binder checks only the kind of each value (a whole number, a rate, true/false); the record's
 * compact constructor is the one rule for ranges and relations. A record rejects a value with a
 * message that starts with its key path ({@code "monitoring.batch_size must be >= 1, got 0"}):
 * that becomes a problem on that key, the value is put back to its default, and the record is
 * built again, so one run still finds every bad value of the section.
 */
final class Draft {
    private final Problems problems;
    private final String sectionPath;
    private final List<Value<?>> values = new ArrayList<>();

    Draft(Section section) {
        this.problems = section.problems();
        this.sectionPath = section.path();
    }

    /** One value as read from the file, with the default it falls back to when rejected. */
    static final class Value<T> {
        private final String path;
        private final T fallback;
        private T value;

        private Value(String path, T value, T fallback) {
            this.path = path;
            this.value = value;
            this.fallback = fallback;
        }

        T get() {
            return value;
        }

        /** Back to the default; false when it already was (the rule rejects the default itself). */
        private boolean reset() {
            if (java.util.Objects.equals(value, fallback)) {
                return false;
            }
            value = fallback;
            return true;
        }
    }

    <T> Value<T> add(Section s, String key, T value, T fallback) {
        Value<T> v = new Value<>(s.pathOf(key), value, fallback);
        values.add(v);
        return v;
    }

    Value<Integer> integer(Section s, String key, int fallback) {
        return add(s, key, s.integer(key, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE, "a whole number"), fallback);
    }

    Value<Long> wholeLong(Section s, String key, long fallback) {
        return add(s, key, s.wholeLong(key, fallback, Long.MIN_VALUE, "a whole number"), fallback);
    }

    Value<Double> decimal(Section s, String key, double fallback) {
        return add(s, key, s.decimal(key, fallback, -Double.MAX_VALUE, Double.MAX_VALUE, "a number"), fallback);
    }

    Value<Boolean> bool(Section s, String key, boolean fallback) {
        return add(s, key, s.bool(key, fallback), fallback);
    }

    /**
     * Builds the record; each rejection is reported on the key its message names. Returns
     * {@code fallback} (the defaults) when a rejection names no key read here or when the
     * defaults themselves are rejected; the load fails anyway, so it only has to go on reading.
     */
    <R> R build(Supplier<R> record, Supplier<R> fallback) {
        for (int attempt = 0; attempt <= values.size(); attempt++) {
            try {
                return record.get();
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                Optional<Value<?>> named = values.stream()
                        .filter(v -> message.startsWith(v.path + " "))
                        .max(Comparator.comparingInt(v -> v.path.length()));
                if (named.isEmpty()) {
                    problems.add(sectionPath, message);
                    return fallback.get();
                }
                problems.add(named.get().path, message.substring(named.get().path.length() + 1));
                if (!named.get().reset()) {
                    return fallback.get();
                }
            }
        }
        return fallback.get();
    }
}
