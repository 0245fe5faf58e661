package io.healthgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.sla.OutcomeHistory;
import io.healthgate.sla.SlaCalculator;
import io.healthgate.sla.SlaFormats;
import io.healthgate.sla.SlaQuery;
import io.healthgate.sla.SlaReport;
import io.healthgate.sla.SlaSettings;
import io.healthgate.sla.SlaWindow;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code GET /health/sla?window=7d[&gateway=&provider=&model=]} (or {@code from=&to=} ISO-8601
 * instants for a custom range): availability, latency, incidents and error budget per gateway,
 * provider and offer, from the stored outcome history (see {@link SlaFormats#json}). The report
 * reads the store, so it is computed on a worker thread. Bad parameters answer 400 naming the bad
 * value; without a store the answer is an empty report saying why.
 */
final class SlaRoutes {
    private static final Logger log = LoggerFactory.getLogger(SlaRoutes.class);
    static final String NO_HISTORY = "no health store is configured (storage.url): the outcome history is not kept, so there is no SLA to report";
    private static final OutcomeHistory EMPTY = new OutcomeHistory() {
        @Override
        public void append(List<io.healthgate.sla.OutcomeBucket> buckets) {
            throw new UnsupportedOperationException("no outcome history");
        }

        @Override
        public void scan(Instant from, Instant to, Optional<String> gateway, Consumer<io.healthgate.sla.OutcomeBucket> sink) {
        }

        @Override
        public int pruneBefore(Instant cutoff) {
            return 0;
        }
    };

    private final OperatorServices svc;

    SlaRoutes(OperatorServices svc) {
        this.svc = svc;
    }

    void mount(Router router, io.vertx.core.Handler<RoutingContext> viewAuth) {
        router.get("/health/sla").handler(viewAuth).handler(this::sla);
    }

    private void sla(RoutingContext ctx) {
        Instant now = svc.engine().clock().instant();
        SlaCalculator calculator = svc.sla().map(io.healthgate.sla.SlaTracking::reports).orElseGet(() -> new SlaCalculator(EMPTY, SlaSettings.defaults()));
        SlaQuery query;
        try {
            query = query(ctx, calculator.settings(), now);
        } catch (IllegalArgumentException e) {
            ViewReplies.error(ctx, 400, "invalid_request", e.getMessage());
            return;
        }
        ctx.vertx().<SlaReport>executeBlocking(() -> calculator.report(query, now), false).onComplete(r -> {
            if (r.failed()) {
                log.warn("SLA report failed: {}", r.cause().toString());
                ViewReplies.error(ctx, 503, "unavailable", "the health store did not answer, so the SLA report is unavailable; try again shortly");
                return;
            }
            ObjectNode body = SlaFormats.json(r.result());
            if (svc.sla().isEmpty()) {
                body.put("message", NO_HISTORY);
            }
            ViewReplies.json(ctx, 200, body);
        });
    }

    private SlaQuery query(RoutingContext ctx, SlaSettings settings, Instant now) {
        var p = ctx.request();
        SlaWindow window = SlaWindow.parse(p.getParam("window"), p.getParam("from"), p.getParam("to"), now, settings.retention());
        Catalog catalog = svc.engine().catalog();
        Optional<String> gateway = param(ctx, "gateway");
        if (gateway.isPresent() && catalog.gateway(gateway.get()).isEmpty()) {
            throw new IllegalArgumentException("unknown gateway '" + gateway.get() + "'; see GET /health/gateways for the names");
        }
        Optional<String> model = param(ctx, "model");
        if (model.isPresent()) {
            String requested = model.get();
            model = Optional.of(catalog.resolve(requested).map(r -> r.model().id()).orElseThrow(
                    () -> new IllegalArgumentException("unknown model '" + requested + "'; see GET /v1/models for the ids")));
        }
        return new SlaQuery(window, gateway, param(ctx, "provider"), model);
    }

    private static Optional<String> param(RoutingContext ctx, String name) {
        return Optional.ofNullable(ctx.request().getParam(name)).map(String::trim).filter(s -> !s.isEmpty());
    }
}
