package io.healthgate.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} placeholders in base URLs and header values, filled from environment variables
 * (Cloudflare's account id in its URL, AiHubMix's APP-Code header). An unset or empty variable
 * leaves the placeholder in place and is reported, never replaced by an empty string.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Placeholders() {
    }

    /** The text with placeholders filled, and the names that could not be filled. */
    public record Substitution(String text, List<String> missing) {
        public Substitution {
            missing = List.copyOf(missing);
        }

        public boolean complete() {
            return missing.isEmpty();
        }
    }

    public static Substitution substitute(String text, Map<String, String> env) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder();
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null || value.isBlank()) {
                missing.add(m.group(1));
                m.appendReplacement(b, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(b, Matcher.quoteReplacement(value.strip()));
            }
        }
        m.appendTail(b);
        return new Substitution(b.toString(), missing);
    }

    /** The placeholder names in a text, in order. */
    public static List<String> names(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** True for an absolute http(s) URL with a host; placeholders count as valid text. */
    public static boolean isHttpUrl(String s) {
        String filled = PLACEHOLDER.matcher(s).replaceAll("x");
        try {
            URI u = new URI(filled);
            return u.getScheme() != null
                    && (u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                    && u.getHost() != null && !u.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
