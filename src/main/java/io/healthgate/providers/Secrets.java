package io.healthgate.providers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Removes anything that looks like a credential or an account identifier from text that may be
 * logged, stored or shown: API keys ({@code sk-...}, {@code sk-ant-...}, {@code gsk_...},
 * {@code xai-...}), {@code Bearer} tokens, {@code key=} parameters, organisation and team ids
 * ({@code org-...}, {@code org_...}, UUIDs), and long hex or base64-like tokens. Upstream error
 * messages echo our own key fragments ("Incorrect API key provided: sk-VKMIs***"), so every
 * summary and every relayed error message passes through here.
 * <p>
 * Formats alone miss keys that look like nothing in particular, so the process also
 * {@linkplain #remember remembers} every secret value it was configured with (gateway keys,
 * client keys, the admin key, credentials inside DSNs and webhook URLs): each one, and its JSON-
 * and URL-escaped forms, is masked wherever it appears, before the formats are applied. This class
 * is the one choke point: error bodies, stream error events, health views, metrics, log lines,
 * store rows, alerts and CLI output all pass through {@link #redact}.
 */
public final class Secrets {

    private static final String MASK = "***";
    /** Compiled once: {@code String.replaceAll} compiled it on every summary (every classified call). */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private static final Pattern BEARER = Pattern.compile(
            "(?i)\\b(Bearer|Basic|Authorization:\\s*Key)\\s+[A-Za-z0-9._~+/=*-]{6,}");
    private static final Pattern KEY_PREFIXED = Pattern.compile(
            "\\b(sk|pk|rk|gsk|xai|csk|nvapi|hf)[-_][A-Za-z0-9_*\\-]{4,}");
    private static final Pattern KEY_PARAM = Pattern.compile(
            "(?i)\\b(api[_-]?key|key|token|access_token|secret)=([^&\\s\"']+)");
    private static final Pattern ORG_ID = Pattern.compile("\\b(org|team|user|proj|acct)[-_][A-Za-z0-9*]{4,}");
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern LONG_HEX = Pattern.compile("\\b[0-9a-fA-F]{24,}\\b");
    /** At least 32 token characters with a digit and a letter: keys, request ids, JWT parts. */
    private static final Pattern LONG_TOKEN = Pattern.compile(
            "(?<![A-Za-z0-9+/_=-])(?=[A-Za-z0-9+_=-]*[0-9])(?=[A-Za-z0-9+_=-]*[A-Za-z])[A-Za-z0-9+_=-]{32,}");

    /**
     * Configured values shorter than this are not masked as text: a four-letter key would erase
     * every occurrence of an ordinary word. Such keys are refused by no one, but are weak anyway.
     */
    public static final int MIN_REMEMBERED_LENGTH = 6;

    private static final List<Registration> REGISTRATIONS = new CopyOnWriteArrayList<>();
    /** Every remembered value and escaped form, longest first (so a key inside a URL goes with it). */
    private static volatile List<String> remembered = List.of();

    private Secrets() {
    }

    /**
     * Masks {@code values} (blank and too-short ones ignored) in every later {@link #redact} until
     * the returned registration is closed. Several running gateways in one JVM each hold their own.
     */
    public static Registration remember(Collection<String> values) {
        Set<String> forms = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null) {
                continue;
            }
            String t = v.strip();
            if (t.length() < MIN_REMEMBERED_LENGTH) {
                continue;
            }
            forms.add(t);
            forms.add(jsonEscaped(t));
            forms.add(URLEncoder.encode(t, StandardCharsets.UTF_8));
        }
        Registration r = new Registration(List.copyOf(forms));
        REGISTRATIONS.add(r);
        rebuild();
        return r;
    }

    /** A set of remembered values; closing it stops masking them (unless another registration has them). */
    public static final class Registration implements AutoCloseable {
        private final List<String> forms;

        private Registration(List<String> forms) {
            this.forms = forms;
        }

        @Override
        public void close() {
            if (REGISTRATIONS.remove(this)) {
                rebuild();
            }
        }
    }

    private static synchronized void rebuild() {
        Set<String> all = new LinkedHashSet<>();
        REGISTRATIONS.forEach(r -> all.addAll(r.forms));
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        remembered = List.copyOf(sorted);
    }

    /** As Jackson writes the value inside a JSON string (the form a relayed error body carries). */
    private static String jsonEscaped(String s) {
        return new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s));
    }

    private static String maskRemembered(String text) {
        String s = text;
        for (String secret : remembered) {
            if (s.contains(secret)) {
                s = s.replace(secret, MASK);
            }
        }
        return s;
    }

    /** The text with every credential-looking token replaced by {@code ***}; null becomes "". */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = maskRemembered(text);
        s = BEARER.matcher(s).replaceAll("$1 " + MASK);
        s = KEY_PREFIXED.matcher(s).replaceAll("$1-" + MASK);
        s = KEY_PARAM.matcher(s).replaceAll("$1=" + MASK);
        s = ORG_ID.matcher(s).replaceAll("$1-" + MASK);
        s = UUID.matcher(s).replaceAll(MASK);
        s = LONG_HEX.matcher(s).replaceAll(MASK);
        s = LONG_TOKEN.matcher(s).replaceAll(MASK);
        return s;
    }

    /**
     * The lighter pass for whole documents and log lines whose free text was already redacted
     * where it entered (health views, metrics, logs): remembered values and unmistakable key
     * formats ({@code sk-...}, {@code Bearer ...}, {@code key=...}) only, so request ids, offer
     * ids and model names survive.
     */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String s = maskRemembered(text);
        s = BEARER.matcher(s).replaceAll("$1 " + MASK);
        s = KEY_PREFIXED.matcher(s).replaceAll("$1-" + MASK);
        return KEY_PARAM.matcher(s).replaceAll("$1=" + MASK);
    }

    /** Redacts, collapses whitespace and cuts to at most {@code max} characters (with an ellipsis). */
    public static String summarize(String text, int max) {
        String s = WHITESPACE.matcher(redact(text)).replaceAll(" ").strip();
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, Math.max(0, max - 1)).stripTrailing() + "…";
    }
}
