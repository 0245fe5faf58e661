package io.healthgate.providers.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamCallTest {
    private static final UpstreamCall.Timeouts T = new UpstreamCall.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));

    @Test
    void printingACallNeverShowsTheKey() {
        UpstreamCall call = new UpstreamCall("https://api.example/v1/chat/completions",
                Map.of("authorization", "Bearer sk-very-secret"), "{\"x\":1}".getBytes(), T);
        assertThat(call.toString()).contains("authorization").doesNotContain("sk-very-secret");
    }

    @Test
    void aRelativeUrlOrAZeroTimeoutIsRejectedWithTheBadValue() {
        assertThatThrownBy(() -> new UpstreamCall("/v1/chat", Map.of(), null, T)).hasMessageContaining("/v1/chat");
        assertThatThrownBy(() -> new UpstreamCall.Timeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("firstByte");
    }
}
