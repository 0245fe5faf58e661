package io.healthgate.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every problem found while reading configuration, so one run reports them all, and
 * remembers where each key path got its value (defaults, the user's file, an environment variable)
 * so a message names the right origin.
 */
final class Problems {
    private final String defaultOrigin;
    private final Map<String, String> origins = new HashMap<>();
    private final List<String> lines = new ArrayList<>();

    Problems(String defaultOrigin) {
        this.defaultOrigin = defaultOrigin;
    }

    void setOrigin(String path, String origin) {
        origins.put(path, origin);
    }

    /** The origin of the longest prefix of {@code path} with a recorded origin. */
    String originOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            String o = origins.get(p);
            if (o != null) {
                return o;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return origins.getOrDefault("", defaultOrigin);
    }

    void add(String path, String message) {
        lines.add(originOf(path) + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /** A problem that is not about one key (a file that cannot be read, a YAML syntax error). */
    void addRaw(String line) {
        lines.add(line);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new ConfigException(lines);
        }
    }
}
