package io.healthgate.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** The JSON of {@code GET /_truth} and {@code GET /_stats}. */
final class TruthJson {
    private TruthJson() {
    }

    static String truth(FleetState state, Instant now) {
        ObjectNode root = ScenarioJson.JSON.createObjectNode();
        root.put("at", now.toString()).put("started_at", state.startedAt().toString()).put("seed", state.scenario().seed())
                .put("time_scale", state.scenario().timeScale());
        ArrayNode gateways = root.putArray("gateways");
        ArrayNode offers = root.putArray("offers");
        for (FleetState.GatewayRuntime g : state.gateways()) {
            gateways.add(ScenarioJson.tree(state.truth(g, now)));
            for (FleetState.OfferRuntime o : g.byModel.values()) {
                offers.add(ScenarioJson.tree(state.truth(o, now)));
            }
        }
        return root.toString();
    }

    static String stats(FleetState state) {
        ObjectNode root = ScenarioJson.JSON.createObjectNode();
        long total = 0;
        ArrayNode gateways = root.putArray("gateways");
        ArrayNode offers = root.putArray("offers");
        for (FleetState.GatewayRuntime g : state.gateways()) {
            OfferStats gs = g.stats.snapshot(g.spec.name(), "");
            total += gs.requests();
            gateways.add(ScenarioJson.tree(gs));
            for (FleetState.OfferRuntime o : g.byModel.values()) {
                OfferStats os = o.stats.snapshot(g.spec.name(), o.spec.model());
                if (os.requests() > 0) {
                    ObjectNode n = (ObjectNode) ScenarioJson.tree(os);
                    n.put("upstream_model", o.spec.upstream());
                    offers.add(n);
                }
            }
        }
        root.put("total", total);
        return root.toString();
    }
}
