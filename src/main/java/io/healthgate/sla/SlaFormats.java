package io.healthgate.sla;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.health.OutcomeClass;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The renderings of one {@link SlaReport}: JSON ({@code GET /health/sla}, the dashboard reads it),
 * Markdown and CSV ({@code healthgate report}). Every figure is printed as the report holds it
 * (availability with three decimals, budgets with one, latencies in whole milliseconds), so the
 * three agree digit for digit.
 */
public final class SlaFormats {
    /** The neutral classes shown beside availability, in the order every rendering uses. */
    public static final List<OutcomeClass> EXCLUDED = List.of(OutcomeClass.RATE_LIMITED, OutcomeClass.AUTH_ERROR,
            OutcomeClass.NO_CREDITS, OutcomeClass.NOT_FOUND, OutcomeClass.BAD_REQUEST, OutcomeClass.CANCELLED);
    static final String AVAILABILITY_RULE = "successes / (successes + timeouts + server errors + connection errors + bad responses); "
            + "rate limits, key and credit problems, not_found, client errors and cancelled calls are shown beside it, never in it";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlaFormats() {
    }

    public static ObjectNode json(SlaReport r) {
        ObjectNode n = NODES.objectNode();
        ObjectNode w = n.putObject("window");
        w.put("label", r.query().window().label()).put("from", r.query().window().from().toString())
                .put("to", r.query().window().to().toString());
        ObjectNode filter = n.putObject("filter");
        filter.put("gateway", r.query().gateway().orElse(null)).put("provider", r.query().provider().orElse(null))
                .put("model", r.query().model().orElse(null));
        n.put("generated_at", r.generatedAt().toString());
        n.put("availability_rule", AVAILABILITY_RULE);
        n.set("overall", figures(r.overall()));
        ArrayNode gws = n.putArray("gateways");
        for (SlaReport.GatewaySla g : r.gateways()) {
            ObjectNode o = gws.addObject().put("gateway", g.gateway());
            o.setAll(figures(g.figures()));
            ErrorBudget b = g.budget();
            ObjectNode eb = o.putObject("error_budget");
            eb.put("target", b.target()).put("allowed_failures", b.allowedFailures()).put("failures", b.failures());
            put(eb, "consumed_percent", b.consumed());
            put(eb, "remaining_percent", b.remaining());
            put(eb, "burn_rate", b.burnRate());
            if (b.met().isPresent()) {
                eb.put("met", b.met().get());
            } else {
                eb.putNull("met");
            }
            ArrayNode days = o.putArray("daily");
            for (SlaReport.Day d : g.daily()) {
                ObjectNode dn = days.addObject().put("day", d.day().toString()).put("counted_calls", d.countedCalls())
                        .put("failures", d.failures());
                put(dn, "availability", d.availability());
            }
            o.put("incidents", g.incidents());
        }
        ArrayNode ps = n.putArray("providers");
        for (SlaReport.ProviderSla p : r.providers()) {
            ps.addObject().put("provider", p.provider()).setAll(figures(p.figures()));
        }
        ArrayNode os = n.putArray("offers");
        for (SlaReport.OfferSla o : r.offers()) {
            os.addObject().put("gateway", o.offer().gateway()).put("model", o.offer().model()).put("provider", o.provider())
                    .setAll(figures(o.figures()));
        }
        ArrayNode is = n.putArray("incidents");
        for (Incident i : r.incidents()) {
            ObjectNode in = is.addObject().put("gateway", i.gateway()).put("start", i.start().toString())
                    .put("end", i.end().toString()).put("duration_seconds", i.duration().toSeconds()).put("ongoing", i.ongoing());
            ArrayNode offers = in.putArray("affected_offers");
            i.affectedOffers().forEach(o -> offers.add(o.toString()));
            in.put("dominant_class", i.dominantClass().wireName()).put("detected_by", i.detectedBy().wireName())
                    .put("failures", i.failures());
        }
        return n;
    }

    public static String jsonText(SlaReport r) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(r)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the SLA report as JSON", e);
        }
    }

    /** {@code success_metrics} of {@code /health/dashboard}: one object per figure. */
    public static ArrayNode successMetrics(List<SuccessMetric> metrics) {
        ArrayNode a = NODES.arrayNode();
        for (SuccessMetric m : metrics) {
            ObjectNode n = a.addObject().put("key", m.key()).put("name", m.name()).put("definition", m.definition()).put("unit", m.unit());
            put(n, "value", m.value());
            ObjectNode t = n.putObject("target");
            t.put("comparison", m.comparison());
            put(t, "value", m.target());
            put(n, "baseline", m.baseline());
            ArrayNode trend = n.putArray("trend_7d");
            m.trend().forEach(v -> {
                if (v.isPresent()) {
                    trend.add(v.get());
                } else {
                    trend.addNull();
                }
            });
            if (m.met().isPresent()) {
                n.put("met", m.met().get());
            } else {
                n.putNull("met");
            }
        }
        return a;
    }

    private static ObjectNode figures(SlaFigures f) {
        ObjectNode n = NODES.objectNode();
        n.put("calls", f.calls()).put("counted_calls", f.countedCalls()).put("successes", f.successes()).put("failures", f.failures());
        put(n, "availability", f.availability());
        ObjectNode failing = n.putObject("failures_by_class");
        for (OutcomeClass c : OutcomeClass.values()) {
            if (c.countsAgainstOffer()) {
                failing.put(c.wireName(), f.failuresByClass().getOrDefault(c, 0L));
            }
        }
        ObjectNode ex = n.putObject("excluded");
        EXCLUDED.forEach(c -> ex.put(c.wireName(), f.excluded(c)));
        ObjectNode ttfb = n.putObject("ttfb_ms");
        putLong(ttfb, "p50", f.ttfbP50Ms());
        putLong(ttfb, "p95", f.ttfbP95Ms());
        putLong(ttfb, "p99", f.ttfbP99Ms());
        ObjectNode lat = n.putObject("latency_ms");
        putLong(lat, "p50", f.latencyP50Ms());
        putLong(lat, "p95", f.latencyP95Ms());
        putLong(lat, "mean", f.latencyMeanMs());
        return n;
    }

    /** A report to paste into a review: the whole, one table per kind, and the incidents. */
    public static String markdown(SlaReport r) {
        StringBuilder s = new StringBuilder();
        SlaWindow w = r.query().window();
        s.append("# SLA report: ").append(w.label()).append("\n\n");
        s.append("Window ").append(w.from()).append(" .. ").append(w.to()).append(filterText(r.query()))
                .append(", generated ").append(r.generatedAt()).append(".\n\n");
        SlaFigures o = r.overall();
        s.append("Overall availability **").append(pct(o.availability())).append("** over ").append(o.countedCalls())
                .append(" counting calls (").append(o.failures()).append(" failures); ").append(r.incidents().size())
                .append(" incidents.\n\n");
        s.append("Availability = ").append(AVAILABILITY_RULE).append(".\n\n");
        s.append("## Gateways\n\n");
        s.append("| gateway | availability | target | budget used | burn rate | counted calls | failures | ttfb p50/p95/p99 ms | latency p50/p95 ms | ")
                .append(EXCLUDED.stream().map(OutcomeClass::wireName).collect(Collectors.joining(" | "))).append(" | incidents | daily availability |\n");
        s.append("|---".repeat(10 + EXCLUDED.size() + 1)).append("|\n");
        for (SlaReport.GatewaySla g : r.gateways()) {
            SlaFigures f = g.figures();
            ErrorBudget b = g.budget();
            s.append("| ").append(g.gateway()).append(" | ").append(pct(f.availability())).append(" | ").append(num(b.target()))
                    .append("% | ").append(b.consumed().map(c -> num(c) + "%").orElse("-")).append(" | ")
                    .append(b.burnRate().map(SlaFormats::num).orElse("-")).append(" | ").append(f.countedCalls()).append(" | ")
                    .append(f.failures()).append(" | ").append(ms(f.ttfbP50Ms())).append("/").append(ms(f.ttfbP95Ms())).append("/")
                    .append(ms(f.ttfbP99Ms())).append(" | ").append(ms(f.latencyP50Ms())).append("/").append(ms(f.latencyP95Ms()))
                    .append(" | ");
            EXCLUDED.forEach(c -> s.append(f.excluded(c)).append(" | "));
            s.append(g.incidents()).append(" | ")
                    .append(g.daily().stream().map(d -> d.day().toString().substring(5) + " " + pct(d.availability()))
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        s.append("\n## Incidents\n\n");
        if (r.incidents().isEmpty()) {
            s.append("None in this window.\n");
        } else {
            s.append("| gateway | start | end | duration | affected offers | dominant class | detected by | failures |\n");
            s.append("|---|---|---|---|---|---|---|---|\n");
            for (Incident i : r.incidents()) {
                s.append("| ").append(i.gateway()).append(" | ").append(i.start()).append(" | ")
                        .append(i.ongoing() ? "ongoing" : i.end().toString()).append(" | ").append(duration(i.duration()))
                        .append(" | ").append(i.affectedOffers().stream().map(Object::toString).collect(Collectors.joining(", ")))
                        .append(" | ").append(i.dominantClass().wireName()).append(" | ").append(i.detectedBy().wireName())
                        .append(" | ").append(i.failures()).append(" |\n");
            }
        }
        s.append("\n## Providers\n\n| provider | availability | counted calls | failures | ttfb p50/p95/p99 ms |\n|---|---|---|---|---|\n");
        for (SlaReport.ProviderSla p : r.providers()) {
            SlaFigures f = p.figures();
            s.append("| ").append(p.provider()).append(" | ").append(pct(f.availability())).append(" | ").append(f.countedCalls())
                    .append(" | ").append(f.failures()).append(" | ").append(ms(f.ttfbP50Ms())).append("/").append(ms(f.ttfbP95Ms()))
                    .append("/").append(ms(f.ttfbP99Ms())).append(" |\n");
        }
        s.append("\n## Offers\n\n| offer | availability | counted calls | failures | ttfb p50/p95/p99 ms |\n|---|---|---|---|---|\n");
        for (SlaReport.OfferSla of : r.offers()) {
            SlaFigures f = of.figures();
            s.append("| ").append(of.offer()).append(" | ").append(pct(f.availability())).append(" | ").append(f.countedCalls())
                    .append(" | ").append(f.failures()).append(" | ").append(ms(f.ttfbP50Ms())).append("/").append(ms(f.ttfbP95Ms()))
                    .append("/").append(ms(f.ttfbP99Ms())).append(" |\n");
        }
        return s.toString();
    }

    /** Header of the figures rows of {@link #csv}. */
    public static final String CSV_HEADER = "scope,gateway,provider,model,counted_calls,successes,failures,availability_percent,"
            + "target_percent,budget_consumed_percent,burn_rate,ttfb_p50_ms,ttfb_p95_ms,ttfb_p99_ms,latency_p50_ms,latency_p95_ms,"
            + EXCLUDED.stream().map(OutcomeClass::wireName).collect(Collectors.joining(",")) + ",incidents";
    /** Header of the incident rows of {@link #csv}, which follow the figures after one empty line. */
    public static final String CSV_INCIDENT_HEADER = "incident_gateway,start,end,duration_seconds,ongoing,affected_offers,dominant_class,detected_by,failures";

    /** Two tables: figures (overall, gateway, provider and offer rows), an empty line, then incidents. */
    public static String csv(SlaReport r) {
        StringBuilder s = new StringBuilder(CSV_HEADER).append('\n');
        csvRow(s, "overall", "", "", "", r.overall(), Optional.empty(), "");
        for (SlaReport.GatewaySla g : r.gateways()) {
            csvRow(s, "gateway", g.gateway(), "", "", g.figures(), Optional.of(g.budget()), String.valueOf(g.incidents()));
        }
        for (SlaReport.ProviderSla p : r.providers()) {
            csvRow(s, "provider", "", p.provider(), "", p.figures(), Optional.empty(), "");
        }
        for (SlaReport.OfferSla o : r.offers()) {
            csvRow(s, "offer", o.offer().gateway(), o.provider(), o.offer().model(), o.figures(), Optional.empty(), "");
        }
        s.append('\n').append(CSV_INCIDENT_HEADER).append('\n');
        for (Incident i : r.incidents()) {
            s.append(cell(i.gateway())).append(',').append(i.start()).append(',').append(i.end()).append(',')
                    .append(i.duration().toSeconds()).append(',').append(i.ongoing()).append(',')
                    .append(cell(i.affectedOffers().stream().map(Object::toString).collect(Collectors.joining(" ")))).append(',')
                    .append(i.dominantClass().wireName()).append(',').append(i.detectedBy().wireName()).append(',')
                    .append(i.failures()).append('\n');
        }
        return s.toString();
    }

    private static void csvRow(StringBuilder s, String scope, String gateway, String provider, String model, SlaFigures f,
                               Optional<ErrorBudget> b, String incidents) {
        s.append(scope).append(',').append(cell(gateway)).append(',').append(cell(provider)).append(',').append(cell(model)).append(',')
                .append(f.countedCalls()).append(',').append(f.successes()).append(',').append(f.failures()).append(',')
                .append(f.availability().map(SlaFormats::num).orElse("")).append(',')
                .append(b.map(x -> num(x.target())).orElse("")).append(',')
                .append(b.flatMap(ErrorBudget::consumed).map(SlaFormats::num).orElse("")).append(',')
                .append(b.flatMap(ErrorBudget::burnRate).map(SlaFormats::num).orElse("")).append(',')
                .append(f.ttfbP50Ms().map(String::valueOf).orElse("")).append(',')
                .append(f.ttfbP95Ms().map(String::valueOf).orElse("")).append(',')
                .append(f.ttfbP99Ms().map(String::valueOf).orElse("")).append(',')
                .append(f.latencyP50Ms().map(String::valueOf).orElse("")).append(',')
                .append(f.latencyP95Ms().map(String::valueOf).orElse("")).append(',');
        EXCLUDED.forEach(c -> s.append(f.excluded(c)).append(','));
        s.append(incidents).append('\n');
    }

    /** A CSV cell: quoted when it holds a comma, quote or line break. */
    static String cell(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** A number as the JSON prints it (Java's shortest form: 99.5, 99.125, 12.0). */
    static String num(double v) {
        return Double.toString(v);
    }

    private static String pct(Optional<Double> v) {
        return v.map(x -> num(x) + "%").orElse("-");
    }

    private static String ms(Optional<Long> v) {
        return v.map(String::valueOf).orElse("-");
    }

    static String duration(Duration d) {
        long m = d.toMinutes();
        return m < 120 ? m + " min" : String.format(Locale.ROOT, "%.1f h", m / 60.0);
    }

    private static void put(ObjectNode n, String field, Optional<Double> v) {
        if (v.isPresent()) {
            n.put(field, v.get());
        } else {
            n.putNull(field);
        }
    }

    private static void putLong(ObjectNode n, String field, Optional<Long> v) {
        if (v.isPresent()) {
            n.put(field, v.get());
        } else {
            n.putNull(field);
        }
    }

    private static String filterText(SlaQuery q) {
        StringBuilder s = new StringBuilder();
        q.gateway().ifPresent(g -> s.append(", gateway ").append(g));
        q.provider().ifPresent(p -> s.append(", provider ").append(p));
        q.model().ifPresent(m -> s.append(", model ").append(m));
        return s.toString();
    }
}
