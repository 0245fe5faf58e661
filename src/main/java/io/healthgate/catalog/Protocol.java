package io.healthgate.catalog;

import java.util.Locale;

/** The wire protocol an upstream gateway speaks. */
public enum Protocol {
    /** OpenAI-compatible {@code POST {base_url}/chat/completions}, Bearer auth. */
    OPENAI,
    /** Anthropic Messages {@code POST {base_url}/messages}, x-api-key and anthropic-version. */
    ANTHROPIC,
    /** Needs its own adapter (image APIs, OAuth, registries); listed but disabled until one exists. */
    SPECIAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Protocol fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
