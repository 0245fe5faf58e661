package io.healthgate.app;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The gateway fixture plus both official SDK clients pointed at it (no SDK retries, so each test sees one answer). */
abstract class SdkClientsFixture extends GatewayFixture {
    protected OpenAIClient openai;
    protected AnthropicClient anthropic;

    @BeforeAll
    void clients() {
        openai = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(CLIENT_KEY).maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(CLIENT_KEY).maxRetries(0).build();
    }

    @AfterAll
    void closeClients() {
        openai.close();
        anthropic.close();
    }
}
