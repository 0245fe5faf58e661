package io.healthgate.health;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.OfferId;
import io.healthgate.catalog.Tier;
import io.healthgate.support.FakeClock;
import io.healthgate.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's tier override (admin "set tier") wins over the catalog and traffic, and can be cleared. */
class TierOverrideTest {
    private final FakeClock clock = new FakeClock();
    private final Catalog catalog = TestCatalogs.builder().gateway("groq")
            .model("meta-llama/llama-3.3-70b", Optional.of(Tier.STANDARD), false, "groq")
            .model("openai/gpt-4o", "groq")
            .build();
    private final HealthEngine engine = new HealthEngine(catalog, Set.of("groq"), HealthSettings.defaults(), clock);
    private final OfferId llama = new OfferId("groq", "meta-llama/llama-3.3-70b");

    @Test
    void overrideWinsOverTheCatalogsTierUntilCleared() {
        Tier before = engine.overrideTier("meta-llama/llama-3.3-70b", Optional.of(Tier.CRITICAL));

        assertThat(before).isEqualTo(Tier.STANDARD);
        assertThat(engine.tierOf(llama)).isEqualTo(Tier.CRITICAL);
        assertThat(engine.rebuild().model("meta-llama/llama-3.3-70b").orElseThrow().tier()).isEqualTo(Tier.CRITICAL);

        assertThat(engine.overrideTier("meta-llama/llama-3.3-70b", Optional.empty())).isEqualTo(Tier.CRITICAL);
        assertThat(engine.tierOf(llama)).isEqualTo(Tier.STANDARD);
    }

    @Test
    void overrideOfAnUnknownModelIsRefusedWithItsName() {
        assertThatThrownBy(() -> engine.overrideTier("nobody/nothing", Optional.of(Tier.POPULAR)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody/nothing");
    }
}
