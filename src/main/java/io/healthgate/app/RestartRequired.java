package io.healthgate.app;

import io.healthgate.catalog.Tier;
import io.healthgate.config.HealthgateConfig;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which settings changed between the running configuration and a reloaded one, as key paths of the
 * YAML file ({@code server.port}, {@code monitoring.tiers.critical.interval_seconds}). Reload
 * applies the catalog ({@code gateways}, {@code models}) only; every other section is read once at
 * start (the listener, the store, Redis, the health engine's thresholds, the probe schedule,
 * routing's planner, the breakers, alerting, cleanup), so a change there needs a restart and is
 * reported, never silently ignored. Values are never shown: some are URLs with credentials.
 */
final class RestartRequired {
    /** The sections a reload applies. */
    private static final Set<String> APPLIED = Set.of("gateways", "models");

    private RestartRequired() {
    }

    /** Key paths whose values differ, in file order of sections; empty when only the catalog changed. */
    static List<String> between(HealthgateConfig running, HealthgateConfig next) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : HealthgateConfig.class.getRecordComponents()) {
            String key = snake(c.getName());
            if (!APPLIED.contains(key)) {
                diff(key, value(c, running), value(c, next), out);
            }
        }
        return List.copyOf(out);
    }

    /** Records and maps are compared key by key, so the path names the setting; anything else whole. */
    private static void diff(String path, Object a, Object b, List<String> out) {
        if (Objects.equals(a, b)) {
            return;
        }
        if (a instanceof Record ra && b != null && a.getClass() == b.getClass()) {
            for (RecordComponent c : ra.getClass().getRecordComponents()) {
                diff(path + "." + snake(c.getName()), value(c, a), value(c, b), out);
            }
        } else if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            Set<Object> keys = new TreeSet<>(java.util.Comparator.comparing(RestartRequired::keyName));
            keys.addAll(ma.keySet());
            keys.addAll(mb.keySet());
            for (Object k : keys) {
                diff(path + "." + keyName(k), ma.get(k), mb.get(k), out);
            }
        } else {
            out.add(path);
        }
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    private static String keyName(Object key) {
        return key instanceof Tier t ? t.wireName() : String.valueOf(key);
    }

    /** {@code maxBodyBytes} -> {@code max_body_bytes}, as the YAML file spells it. */
    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
