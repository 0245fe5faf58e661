package io.healthgate.config;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Placeholders;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns configuration into the catalog the gateway serves. A file that lists {@code gateways}
 * gets exactly those gateways and models; otherwise the {@link BuiltinCatalog}.
 *
 * <p>{@code ${NAME}} placeholders in base URLs, models URLs and header values are filled from
 * the environment. A gateway whose base URL needs an unset variable stays listed with the
 * placeholder in place and a note saying which variable is missing (the key audit reports it);
 * a header whose value needs an unset variable is left off, never sent as literal text.
 */
public final class CatalogFactory {
    private CatalogFactory() {
    }

    public static Catalog build(HealthgateConfig config, Map<String, String> env) {
        List<Gateway> gateways;
        List<ModelConfig> models;
        if (config.hasOwnCatalog()) {
            gateways = config.gateways();
            models = config.models();
        } else {
            gateways = BuiltinCatalog.definition().gateways();
            models = BuiltinCatalog.definition().models();
        }
        return new Catalog(gateways.stream().map(g -> fill(g, env)).toList(),
                models.stream().map(ModelConfig::toModel).toList());
    }

    static Gateway fill(Gateway g, Map<String, String> env) {
        List<String> unset = new ArrayList<>();
        Placeholders.Substitution base = Placeholders.substitute(g.baseUrl(), env);
        if (!base.complete()) {
            unset.add("base_url needs " + String.join(", ", base.missing()) + ", which is not set");
        }
        Placeholders.Substitution modelsUrl = Placeholders.substitute(g.modelsUrl(), env);
        if (!modelsUrl.complete()) {
            unset.add("models_url needs " + String.join(", ", modelsUrl.missing()) + ", which is not set");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        g.headers().forEach((name, value) -> {
            Placeholders.Substitution v = Placeholders.substitute(value, env);
            if (v.complete()) {
                headers.put(name, v.text());
            } else {
                unset.add("header " + name + " left off: " + String.join(", ", v.missing()) + " is not set");
            }
        });
        String notes = g.notes();
        if (!unset.isEmpty()) {
            notes = (notes.isEmpty() ? "" : notes + "; ") + String.join("; ", unset);
        }
        return new Gateway(g.name(), g.displayName(), base.text(), modelsUrl.complete() ? modelsUrl.text() : "",
                g.protocol(), g.apiKeyEnv(), g.enabled(), g.disabledReason(), notes, headers,
                g.modelSwitchesPerMinute(), g.maxCompletionTokens(), g.responsesApi(), g.completionsApi());
    }
}
