package io.healthgate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import io.healthgate.routing.ClientPreferences;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderPreferencesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final Catalog catalog = new Catalog(
            List.of(Gateway.of("groq", "http://a", Protocol.OPENAI, "A"), Gateway.of("together", "http://b", Protocol.OPENAI, "B")),
            List.of(new Model("m", "p", Optional.empty(), false, 0, List.of(), List.of(new Offer("groq", "m", "ua")))));

    private ObjectNode body(String s) throws Exception {
        return (ObjectNode) json.readTree(s);
    }

    @Test
    void aBodyWithoutProviderIsPassedOnAsIs() throws Exception {
        ObjectNode b = body("{\"model\":\"m\",\"messages\":[]}");
        ProviderPreferences.Extracted e = ProviderPreferences.extract(b, catalog);
        assertThat(e.preferences()).isEqualTo(ClientPreferences.NONE);
        assertThat(e.body()).isSameAs(b);
    }

    @Test
    void theProviderObjectIsParsedAndRemovedWithoutTouchingTheClientsBody() throws Exception {
        ObjectNode b = body("{\"model\":\"m\",\"provider\":{\"order\":[\"Together\",\"groq\"],\"allow_fallbacks\":false,\"ignore\":[]},\"messages\":[]}");
        ProviderPreferences.Extracted e = ProviderPreferences.extract(b, catalog);
        assertThat(e.preferences().order()).containsExactly("together", "groq");
        assertThat(e.preferences().allowFallbacks()).isFalse();
        assertThat(e.body().has("provider")).isFalse();
        assertThat(e.body().get("model").asText()).isEqualTo("m");
        assertThat(b.has("provider")).as("the original is never mutated").isTrue();
    }

    @Test
    void aNullProviderMeansNoPreferencesAndIsStillRemoved() throws Exception {
        ProviderPreferences.Extracted e = ProviderPreferences.extract(body("{\"model\":\"m\",\"provider\":null}"), catalog);
        assertThat(e.preferences()).isEqualTo(ClientPreferences.NONE);
        assertThat(e.body().has("provider")).isFalse();
    }

    @Test
    void malformedPreferencesAreRefusedWithAMessageNamingTheField() {
        assertThatThrownBy(() -> ProviderPreferences.extract(body("{\"provider\":\"groq\"}"), catalog))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'provider' must be an object");
        assertThatThrownBy(() -> ProviderPreferences.extract(body("{\"provider\":{\"order\":\"groq\"}}"), catalog))
                .hasMessageContaining("'provider.order' must be an array");
        assertThatThrownBy(() -> ProviderPreferences.extract(body("{\"provider\":{\"order\":[1]}}"), catalog))
                .hasMessageContaining("'provider.order' must list gateway names");
        assertThatThrownBy(() -> ProviderPreferences.extract(body("{\"provider\":{\"allow_fallbacks\":\"no\"}}"), catalog))
                .hasMessageContaining("'provider.allow_fallbacks' must be a boolean");
        assertThatThrownBy(() -> ProviderPreferences.extract(body("{\"provider\":{\"ignore\":[\"nope\"]}}"), catalog))
                .hasMessageContaining("unknown gateway 'nope'").hasMessageContaining("groq, together");
        assertThatThrownBy(() -> ProviderPreferences.extract(body("{\"provider\":{\"sort\":\"price\"}}"), catalog))
                .hasMessageContaining("'provider.sort' is not supported");
    }
}
