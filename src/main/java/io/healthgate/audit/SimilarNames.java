package io.healthgate.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds set variables whose names look like the one a gateway expects: the original platform
 * spelled the Hugging Face key HUG_API_KEY in one place and HUGGINGFACE_API_KEY in another, and
 * the gateway looked unconfigured. Two names are similar when they share a distinctive word (not
 * API, KEY, TOKEN, ...), when one distinctive word starts the other (HUG, HUGGINGFACE), or when
 * the whole names are at most two edits apart.
 */
final class SimilarNames {
    private static final Set<String> GENERIC = Set.of("API", "KEY", "KEYS", "TOKEN", "TOKENS", "SECRET", "ACCESS",
            "AUTH", "GATEWAY", "CREDENTIALS", "CREDENTIAL", "APPLICATION", "ID", "V1", "V2", "PAT", "CLOUD", "AI");
    private static final List<String> SECRET_WORDS = List.of("KEY", "TOKEN", "SECRET", "CREDENTIAL");
    private static final int MIN_PREFIX = 3;

    private SimilarNames() {
    }

    /**
     * Set, non-blank variables similar to {@code expected}, excluding {@code taken} (names other
     * gateways expect, which are theirs and not typos). At most three, closest first.
     */
    static List<String> find(String expected, Map<String, String> env, Set<String> taken) {
        List<String> wanted = distinctive(expected);
        List<String> out = new ArrayList<>();
        env.keySet().stream().sorted().forEach(name -> {
            String value = env.get(name);
            if (name.equals(expected) || taken.contains(name) || value == null || value.isBlank() || !looksSecret(name)) {
                return;
            }
            if (distance(name.toUpperCase(Locale.ROOT), expected.toUpperCase(Locale.ROOT)) <= 2 || sharesWord(wanted, distinctive(name))) {
                out.add(name);
            }
        });
        out.sort((a, b) -> Integer.compare(distance(a, expected), distance(b, expected)));
        return out.size() > 3 ? out.subList(0, 3) : out;
    }

    private static boolean looksSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(upper::contains);
    }

    private static List<String> distinctive(String name) {
        return Arrays.stream(name.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+"))
                .filter(w -> !w.isEmpty() && !GENERIC.contains(w)).toList();
    }

    private static boolean sharesWord(List<String> a, List<String> b) {
        for (String x : a) {
            for (String y : b) {
                if (x.equals(y)) {
                    return true;
                }
                String shorter = x.length() <= y.length() ? x : y;
                String longer = shorter == x ? y : x;
                if (shorter.length() >= MIN_PREFIX && longer.startsWith(shorter)) {
                    return true;
                }
            }
        }
        return false;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
