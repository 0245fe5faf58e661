package io.healthgate.proxy;

import io.healthgate.health.OutcomeClass;
import io.healthgate.providers.Classification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureStatusTest {

    @Test
    void anOverloadedProviderIs529OnTheAnthropicDoorAnd503OnTheOpenAiDoors() {
        Classification overloaded = Classification.of(OutcomeClass.SERVER_ERROR, "overloaded", "Overloaded");
        assertThat(FailureStatus.of(FrontDoor.ANTHROPIC, overloaded, 529)).isEqualTo(529);
        assertThat(FailureStatus.of(FrontDoor.OPENAI, overloaded, 529)).isEqualTo(503);
        assertThat(FailureStatus.of(FrontDoor.RESPONSES, overloaded, 503)).isEqualTo(503);
        assertThat(FailureStatus.of(FrontDoor.ANTHROPIC, Classification.of(OutcomeClass.SERVER_ERROR, "http_500", "boom"), 500))
                .isEqualTo(502);
    }

    @Test
    void aClientErrorStatusAnthropicNeverSendsIsSaidAs400OnItsDoorOnly() {
        Classification unprocessable = Classification.of(OutcomeClass.BAD_REQUEST, "http_422", "bad field");
        assertThat(FailureStatus.of(FrontDoor.ANTHROPIC, unprocessable, 422)).isEqualTo(400);
        assertThat(FailureStatus.of(FrontDoor.OPENAI, unprocessable, 422)).isEqualTo(422);
        assertThat(FailureStatus.of(FrontDoor.ANTHROPIC, Classification.of(OutcomeClass.BAD_REQUEST, "http_413", "big"), 413)).isEqualTo(413);
    }
}
