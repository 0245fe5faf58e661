package io.healthgate.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Changes a running fleet's behaviour, the Java twin of {@code POST /_control/...}. A model is
 * named by its canonical id or the gateway's upstream id. Changes apply to the next request.
 */
public final class FleetControl {
    private final FleetState state;

    FleetControl(FleetState state) {
        this.state = state;
    }

    /** The offer's current behaviour. */
    public Behaviour offer(String gateway, String model) {
        return state.requireOffer(gateway, model).behaviour.get();
    }

    public FleetControl setOffer(String gateway, String model, Behaviour b) {
        state.requireOffer(gateway, model).behaviour.set(b);
        return this;
    }

    /** Applies a JSON patch of behaviour keys (snake_case, as in scenario files) and returns the result. */
    public Behaviour patchOffer(String gateway, String model, String jsonPatch) {
        return state.requireOffer(gateway, model).patch(parse(jsonPatch));
    }

    /** Puts a fault on the offer now (an outage on command); {@link Fault#NONE} ends it. */
    public FleetControl offerFault(String gateway, String model, Fault fault) {
        state.requireOffer(gateway, model).behaviour.updateAndGet(b -> b.withFault(fault));
        return this;
    }

    public Behaviour gateway(String gateway) {
        return state.requireGateway(gateway).behaviour.get();
    }

    public FleetControl setGateway(String gateway, Behaviour b) {
        state.requireGateway(gateway).behaviour.set(b);
        return this;
    }

    public Behaviour patchGateway(String gateway, String jsonPatch) {
        return state.requireGateway(gateway).behaviour.updateAndGet(b -> ScenarioJson.patch(b, parse(jsonPatch)));
    }

    /** Puts a fault on the whole gateway now (down, rate limited, key rejected); {@link Fault#NONE} ends it. */
    public FleetControl gatewayFault(String gateway, Fault fault) {
        state.requireGateway(gateway).behaviour.updateAndGet(b -> b.withFault(fault));
        return this;
    }

    /** Back to the scenario: behaviours, cold-start and rate memory, counters, and the schedule restarts now. */
    public FleetControl reset() {
        state.reset();
        return this;
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return ScenarioJson.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the patch is not valid JSON");
        }
    }
}
