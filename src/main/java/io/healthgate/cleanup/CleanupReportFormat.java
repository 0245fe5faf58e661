package io.healthgate.cleanup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a cleanup report for people (an aligned table and a summary) or machines (JSON). */
public final class CleanupReportFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final List<String> HEADER = List.of("GATEWAY", "MODEL", "REASON", "LAST CALLED (UTC)", "CALLS", "ERRORS");

    private CleanupReportFormat() {
    }

    /**
     * The table, a summary line, and what to do next: in a dry run, how to run it live
     * ({@code liveCommand}); in a live run, what was removed.
     */
    public static String text(CleanupReport report, String liveCommand) {
        StringBuilder out = new StringBuilder();
        boolean dry = report.mode() == CleanupMode.DRY_RUN;
        if (report.candidates().isEmpty()) {
            out.append("No cleanup candidates: every stored offer is in the catalog and alive or too recent to judge.\n");
            return out.toString();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (CleanupCandidate c : report.candidates()) {
            rows.add(List.of(c.gateway(), c.model(), c.detail(), c.lastCalled().map(WHEN::format).orElse("never"),
                    Long.toString(c.calls()), Long.toString(c.errors())));
        }
        int[] width = new int[HEADER.size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                boolean numeric = i >= 4;
                String cell = r.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                line.append(numeric ? pad + cell : cell + pad);
                if (i < r.size() - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        String byReason = report.countByReason().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().wireName())
                .collect(Collectors.joining(", "));
        int n = report.candidates().size();
        out.append('\n').append(n).append(n == 1 ? " candidate" : " candidates").append(" (").append(byReason).append(").\n");
        if (dry) {
            out.append("Dry run: nothing was removed. To remove them, run: ").append(liveCommand).append('\n');
        } else {
            out.append("Removed ").append(report.removed()).append(report.removed() == 1 ? " offer" : " offers")
                    .append(" and logged each in cleanup_log.\n");
            int kept = report.candidates().size() - report.removed();
            if (kept > 0) {
                out.append("Kept ").append(kept).append(kept == 1 ? " candidate" : " candidates")
                        .append(": it succeeded again, or was removed by someone else, while this ran.\n");
            }
        }
        return out.toString();
    }

    /** {@code {"mode": "dry_run"|"live", "candidates": [...], "removed": N}}. */
    public static String json(CleanupReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", report.mode().wireName());
        List<Map<String, Object>> cs = new ArrayList<>();
        for (CleanupCandidate c : report.candidates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gateway", c.gateway());
            m.put("model", c.model());
            m.put("upstream_model", c.upstreamModel());
            m.put("reason", c.reason().wireName());
            m.put("detail", c.detail());
            m.put("last_called", c.lastCalled().map(Instant::toString).orElse(null));
            m.put("calls", c.calls());
            m.put("errors", c.errors());
            cs.add(m);
        }
        root.put("candidates", cs);
        root.put("removed", report.removed());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render cleanup report as JSON", e);
        }
    }
}
