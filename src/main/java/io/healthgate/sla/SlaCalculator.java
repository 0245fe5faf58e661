package io.healthgate.sla;

import io.healthgate.catalog.OfferId;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Computes an {@link SlaReport} from the outcome history: one pass over the window's buckets
 * (streamed in minute order), adding each into the tallies it belongs to and into the incident
 * builder. Gateways, providers and offers are listed by name; days run over the whole window,
 * empty ones included, so a sparkline has one point per day.
 */
public final class SlaCalculator {
    private final OutcomeHistory history;
    private final SlaSettings settings;

    public SlaCalculator(OutcomeHistory history, SlaSettings settings) {
        this.history = Objects.requireNonNull(history, "history");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public SlaSettings settings() {
        return settings;
    }

    /** Blocks on the store: call from a worker thread. */
    public SlaReport report(SlaQuery q, Instant now) {
        Tally overall = new Tally();
        Map<String, Tally> gateways = new TreeMap<>();
        Map<String, Map<LocalDate, Tally>> days = new TreeMap<>();
        Map<String, Tally> providers = new TreeMap<>();
        Map<OfferId, Tally> offers = new TreeMap<>();
        Map<OfferId, String> providerOf = new TreeMap<>();
        IncidentBuilder incidents = new IncidentBuilder(settings);
        history.scan(q.window().from(), q.window().to(), q.gateway(), b -> {
            if (q.provider().isPresent() && !q.provider().get().equals(b.provider())
                    || q.model().isPresent() && !q.model().get().equals(b.offer().model())) {
                return;
            }
            overall.add(b);
            gateways.computeIfAbsent(b.offer().gateway(), g -> new Tally()).add(b);
            days.computeIfAbsent(b.offer().gateway(), g -> new TreeMap<>())
                    .computeIfAbsent(LocalDate.ofInstant(b.minute(), ZoneOffset.UTC), d -> new Tally()).add(b);
            providers.computeIfAbsent(b.provider(), p -> new Tally()).add(b);
            offers.computeIfAbsent(b.offer(), o -> new Tally()).add(b);
            providerOf.putIfAbsent(b.offer(), b.provider());
            incidents.add(b);
        });
        List<Incident> found = incidents.finish(q.window().to());
        List<SlaReport.GatewaySla> gatewaySla = new ArrayList<>();
        gateways.forEach((g, t) -> {
            SlaFigures f = t.figures();
            int count = (int) found.stream().filter(i -> i.gateway().equals(g)).count();
            gatewaySla.add(new SlaReport.GatewaySla(g, f, ErrorBudget.of(settings.target(g), f), daily(q.window(), days.get(g)), count));
        });
        List<SlaReport.ProviderSla> providerSla = new ArrayList<>();
        providers.forEach((p, t) -> providerSla.add(new SlaReport.ProviderSla(p, t.figures())));
        List<SlaReport.OfferSla> offerSla = new ArrayList<>();
        offers.forEach((o, t) -> offerSla.add(new SlaReport.OfferSla(o, providerOf.get(o), t.figures())));
        offerSla.sort(Comparator.comparing((SlaReport.OfferSla o) -> o.offer().gateway()).thenComparing(o -> o.offer().model()));
        return new SlaReport(q, now, overall.figures(), gatewaySla, providerSla, offerSla, found);
    }

    private static List<SlaReport.Day> daily(SlaWindow w, Map<LocalDate, Tally> byDay) {
        List<SlaReport.Day> out = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(w.to().minusMillis(1), ZoneOffset.UTC);
        for (LocalDate d = LocalDate.ofInstant(w.from(), ZoneOffset.UTC); !d.isAfter(last); d = d.plusDays(1)) {
            Tally t = byDay.get(d);
            long counted = t == null ? 0 : t.counted();
            long failures = t == null ? 0 : t.failures();
            out.add(new SlaReport.Day(d, counted, failures, Tally.availability(counted - failures, counted)));
        }
        return out;
    }
}
