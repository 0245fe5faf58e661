package io.healthgate.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks a key's value for the copy-paste mistakes that make a present key fail. */
final class KeyShape {
    private KeyShape() {
    }

    /** What is wrong with the value, empty when nothing is. Describes the value, never quotes it. */
    static List<String> problems(String value) {
        List<String> out = new ArrayList<>();
        String stripped = value.strip();
        boolean leading = !value.isEmpty() && Character.isWhitespace(value.charAt(0));
        boolean trailing = !value.isEmpty() && Character.isWhitespace(value.charAt(value.length() - 1));
        if (leading && trailing) {
            out.add("leading and trailing whitespace");
        } else if (leading) {
            out.add("leading whitespace");
        } else if (trailing) {
            out.add(value.endsWith("\n") || value.endsWith("\r") ? "a trailing line break" : "trailing whitespace");
        }
        if (stripped.indexOf('\n') >= 0 || stripped.indexOf('\r') >= 0) {
            out.add("a line break inside");
        } else if (stripped.chars().anyMatch(Character::isISOControl)) {
            out.add("a control character inside");
        }
        if (stripped.length() >= 2 && (stripped.charAt(0) == '"' || stripped.charAt(0) == '\'')
                && stripped.charAt(stripped.length() - 1) == stripped.charAt(0)) {
            out.add("wrapping quotes");
        } else if (stripped.startsWith("\"") || stripped.startsWith("'") || stripped.endsWith("\"") || stripped.endsWith("'")) {
            out.add("a stray quote");
        }
        if (stripped.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            out.add("a \"Bearer \" prefix (the gateway adds that itself)");
        } else if (out.isEmpty() && stripped.chars().anyMatch(Character::isWhitespace)) {
            out.add("whitespace inside");
        }
        return out;
    }
}
