package io.healthgate.sla;

import io.healthgate.catalog.OfferId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One SLA report: figures for the whole, per gateway (with its target's error budget and a value
 * per day), per provider and per offer, and the incidents, over one window. The JSON view, the
 * dashboard section and {@code healthgate report} all render this one value, so they agree.
 */
public record SlaReport(
        SlaQuery query,
        Instant generatedAt,
        SlaFigures overall,
        List<GatewaySla> gateways,
        List<ProviderSla> providers,
        List<OfferSla> offers,
        List<Incident> incidents) {

    public SlaReport {
        gateways = List.copyOf(gateways);
        providers = List.copyOf(providers);
        offers = List.copyOf(offers);
        incidents = List.copyOf(incidents);
    }

    public Optional<GatewaySla> gateway(String name) {
        return gateways.stream().filter(g -> g.gateway().equals(name)).findFirst();
    }

    /** One gateway: figures, its error budget, its days, and how many incidents it had. */
    public record GatewaySla(String gateway, SlaFigures figures, ErrorBudget budget, List<Day> daily, int incidents) {
        public GatewaySla {
            daily = List.copyOf(daily);
        }
    }

    /** One UTC day of a gateway (days with no counting call have empty availability). */
    public record Day(LocalDate day, long countedCalls, long failures, Optional<Double> availability) {
    }

    public record ProviderSla(String provider, SlaFigures figures) {
    }

    public record OfferSla(OfferId offer, String provider, SlaFigures figures) {
    }
}
