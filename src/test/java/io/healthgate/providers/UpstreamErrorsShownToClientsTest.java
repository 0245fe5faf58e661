package io.healthgate.providers;

import io.healthgate.providers.translate.ErrorShapes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream error text is relayed to clients, so it is masked the same way logs are. */
class UpstreamErrorsShownToClientsTest {
    private static final String KEY = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    private static final String BODY = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
            + " for org-Q1w2E3r4T5y6U7i8.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";

    @Test
    void keysAndOrgIdsInAnUpstreamErrorNeverReachTheClient() {
        String openAi = ErrorShapes.toOpenAi(401, BODY).toString();
        String anthropic = ErrorShapes.toAnthropic(401, BODY).toString();
        for (String shown : new String[]{openAi, anthropic, ErrorBodies.safeMessage(BODY)}) {
            assertThat(shown).contains("Incorrect API key provided").doesNotContain(KEY).doesNotContain("Q1w2E3r4T5y6U7i8");
        }
    }

    @Test
    void classificationStillSeesTheWholeMessage() {
        assertThat(ErrorBodies.message(BODY)).contains(KEY);
    }
}
