package io.healthgate.providers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code data/error-bodies.tsv}, the real upstream error responses with their sources. */
public final class ErrorBodyFixtures {

    /** One real upstream error response and the class the gateway should assign it. */
    public record Row(int line, String provider, int status, String label, String body, Map<String, String> headers, String source) {
        @Override
        public String toString() {
            return "line " + line + " " + provider + " " + status + " -> " + label;
        }
    }

    /** In the repository; tests run from its root. */
    static final Path FILE = Path.of("data", "error-bodies.tsv");

    private ErrorBodyFixtures() {
    }

    static String text() {
        try {
            return Files.readString(FILE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String[] lines = text().split("\n", -1);
        boolean headerSeen = false;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\t", -1);
            if (!headerSeen) {
                headerSeen = true;
                if (!f[0].equals("provider")) {
                    throw new IllegalStateException("expected the header line, got: " + l);
                }
                continue;
            }
            if (f.length != 6) {
                throw new IllegalStateException("line " + (i + 1) + " has " + f.length + " columns");
            }
            rows.add(new Row(i + 1, f[0], Integer.parseInt(f[1]), f[2], unescape(f[3]), headers(unescape(f[4])), f[5]));
        }
        return rows;
    }

    /** \\ \n \t \r in one left-to-right pass, so "\\n" stays a backslash followed by n. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                String rep = switch (n) {
                    case '\\' -> "\\";
                    case 'n' -> "\n";
                    case 't' -> "\t";
                    case 'r' -> "\r";
                    default -> null;
                };
                if (rep != null) {
                    sb.append(rep);
                    i++;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** "name: value; name2: value2"; "-" and names documented without a captured value give nothing. */
    static Map<String, String> headers(String cell) {
        Map<String, String> h = new LinkedHashMap<>();
        if (cell.equals("-")) {
            return h;
        }
        for (String part : cell.split(";")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                String name = part.substring(0, colon).strip();
                String value = part.substring(colon + 1).strip();
                if (name.matches("[A-Za-z0-9-]+") && !value.isEmpty()) {
                    h.put(name.toLowerCase(), value.replaceAll("\\s*\\(.*$", ""));
                }
            }
        }
        return h;
    }
}
