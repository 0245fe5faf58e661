package io.healthgate.proxy;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Fans proxy events out to any number of subscribers. A subscriber that throws is logged and
 * never disturbs the request or the other subscribers.
 */
public final class ProxyEventHub implements ProxyEvents {
    private static final Logger log = LoggerFactory.getLogger(ProxyEventHub.class);
    private final List<ProxyEvents> subscribers = new CopyOnWriteArrayList<>();

    /** @return closing it unsubscribes */
    public AutoCloseable subscribe(ProxyEvents subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    @Override
    public void onFailover(OfferId from, OfferId to, OutcomeClass outcome) {
        each(s -> s.onFailover(from, to, outcome));
    }

    @Override
    public void onFailOpen(String model) {
        each(s -> s.onFailOpen(model));
    }

    @Override
    public void onHedge(OfferId first, OfferId second) {
        each(s -> s.onHedge(first, second));
    }

    @Override
    public void onSkipped(OfferId offer, String reason) {
        each(s -> s.onSkipped(offer, reason));
    }

    @Override
    public void onMalformedEventSkipped(OfferId offer) {
        each(s -> s.onMalformedEventSkipped(offer));
    }

    @Override
    public void onModelFallback(String model, String fallback, OutcomeClass outcome) {
        each(s -> s.onModelFallback(model, fallback, outcome));
    }

    @Override
    public void onStreamRescue(OfferId from, OfferId to, String result) {
        each(s -> s.onStreamRescue(from, to, result));
    }

    private void each(Consumer<ProxyEvents> call) {
        for (ProxyEvents s : subscribers) {
            try {
                call.accept(s);
            } catch (RuntimeException e) {
                log.warn("proxy event subscriber {} failed: {}", s.getClass().getName(), e.toString());
            }
        }
    }
}
