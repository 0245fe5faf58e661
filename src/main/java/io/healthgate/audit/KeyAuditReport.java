package io.healthgate.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The whole key audit: one row per gateway, a summary line and the exit code. Disabled gateways
 * are counted apart: they need no key.
 *
 * @param verified true when keys were checked against the gateways (--verify)
 */
public record KeyAuditReport(List<KeyAuditRow> rows, boolean verified) {
    public KeyAuditReport {
        rows = List.copyOf(rows);
    }

    public long enabledCount() {
        return count(KeyAuditRow::enabled);
    }

    public long configuredCount() {
        return count(KeyAuditRow::configured);
    }

    public long disabledCount() {
        return count(r -> !r.enabled());
    }

    public long rejectedCount() {
        return count(KeyAuditRow::rejected);
    }

    private long count(Predicate<KeyAuditRow> p) {
        return rows.stream().filter(p).count();
    }

    /**
     * 0 when every enabled gateway is configured (and, when verified, no key was rejected); 1
     * otherwise.
     */
    public int exitCode() {
        boolean allConfigured = configuredCount() == enabledCount();
        return allConfigured && rejectedCount() == 0 ? 0 : 1;
    }

    /** E.g. {@code 12 of 28 gateways configured (3 disabled, not counted); 15 missing, 1 malformed; 1 key rejected, 2 unreachable}. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(configuredCount()).append(" of ").append(enabledCount()).append(" gateways configured");
        if (disabledCount() > 0) {
            b.append(" (").append(disabledCount()).append(" disabled, not counted)");
        }
        List<String> gaps = new ArrayList<>();
        for (KeyStatus s : List.of(KeyStatus.MISSING, KeyStatus.EMPTY, KeyStatus.MALFORMED)) {
            long n = count(r -> r.enabled() && r.status() == s);
            if (n > 0) {
                gaps.add(n + " " + s.wireName());
            }
        }
        long incomplete = count(r -> r.enabled() && r.status() == KeyStatus.SET && !r.unresolved().isEmpty());
        if (incomplete > 0) {
            gaps.add(incomplete + " with an incomplete base_url");
        }
        if (!gaps.isEmpty()) {
            b.append("; ").append(String.join(", ", gaps));
        }
        if (verified) {
            List<String> v = new ArrayList<>();
            for (Verification.Result r : Verification.Result.values()) {
                long n = count(row -> row.verification().map(x -> x.result() == r).orElse(false));
                if (n > 0) {
                    v.add(n + (r == Verification.Result.VALID || r == Verification.Result.REJECTED
                            ? (n == 1 ? " key " : " keys ") : " ") + r.wireName());
                }
            }
            b.append("; ").append(v.isEmpty() ? "no keys to verify" : String.join(", ", v));
        }
        return b.toString();
    }

    /** One map per row with snake_case keys (gateway, api_key_env, status, ...), ready for JSON. */
    public List<Map<String, Object>> toJsonRows() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (KeyAuditRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gateway", r.gateway());
            m.put("display_name", r.displayName());
            m.put("api_key_env", r.apiKeyEnv());
            m.put("enabled", r.enabled());
            m.put("status", r.status().wireName());
            m.put("configured", r.configured());
            m.put("fingerprint", r.fingerprint().orElse(null));
            m.put("hint", r.hint().orElse(null));
            m.put("unresolved_env", r.unresolved());
            m.put("verification", r.verification().map(v -> v.result().wireName()).orElse(null));
            m.put("verification_detail", r.verification().map(Verification::detail).orElse(null));
            out.add(m);
        }
        return out;
    }

    /** An aligned table for people, then the summary line. */
    public String toTable() {
        List<String> header = new ArrayList<>(List.of("GATEWAY", "KEY VARIABLE", "STATUS", "FINGERPRINT"));
        if (verified) {
            header.add("VERIFIED");
        }
        header.add("HINT");
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        for (KeyAuditRow r : rows) {
            List<String> cells = new ArrayList<>(List.of(r.gateway(), r.apiKeyEnv(), r.status().wireName(), r.fingerprint().orElse("-")));
            if (verified) {
                cells.add(r.verification().map(v -> v.result().wireName() + (v.detail().isEmpty() ? "" : " (" + v.detail() + ")")).orElse("-"));
            }
            cells.add(r.hint().orElse(""));
            lines.add(cells);
        }
        int[] widths = new int[header.size()];
        for (List<String> l : lines) {
            for (int i = 0; i < l.size(); i++) {
                widths[i] = Math.max(widths[i], l.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> l : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < l.size(); i++) {
                line.append(i == l.size() - 1 ? l.get(i) : String.format("%-" + widths[i] + "s  ", l.get(i)));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.append('\n').append(summary()).append('\n').toString();
    }
}
