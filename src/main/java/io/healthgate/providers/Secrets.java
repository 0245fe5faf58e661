package io.healthgate.providers;

import java.util.regex.Pattern;

/**
 * Removes anything that looks like a credential or an account identifier from text that may be
 * logged, stored or shown: API keys ({@code sk-...}, {@code sk-ant-...}, {@code gsk_...},
 * {@code xai-...}), {@code Bearer} tokens, {@code key=} parameters, organisation and team ids
 * ({@code org-...}, {@code org_...}, UUIDs), and long hex or base64-like tokens. Upstream error
 * messages echo our own key fragments ("Incorrect API key provided: sk-VKMIs***"), so every
 * summary and every relayed error message passes through here.
 */
public final class Secrets {

    private static final String MASK = "***";

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

    private Secrets() {
    }

    /** The text with every credential-looking token replaced by {@code ***}; null becomes "". */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = BEARER.matcher(text).replaceAll("$1 " + MASK);
        s = KEY_PREFIXED.matcher(s).replaceAll("$1-" + MASK);
        s = KEY_PARAM.matcher(s).replaceAll("$1=" + MASK);
        s = ORG_ID.matcher(s).replaceAll("$1-" + MASK);
        s = UUID.matcher(s).replaceAll(MASK);
        s = LONG_HEX.matcher(s).replaceAll(MASK);
        s = LONG_TOKEN.matcher(s).replaceAll(MASK);
        return s;
    }

    /** Redacts, collapses whitespace and cuts to at most {@code max} characters (with an ellipsis). */
    public static String summarize(String text, int max) {
        String s = redact(text).replaceAll("\\s+", " ").strip();
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, Math.max(0, max - 1)).stripTrailing() + "…";
    }
}
