package io.healthgate.simulator;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.models.ModelInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.healthgate.support.TestFleets.ANTHROPIC_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Anthropic Messages protocol, checked with the official anthropic-java SDK as the client. */
class AnthropicProtocolTest {
    static final String SONNET = "claude-sonnet-4-20250514";
    static final ObjectMapper JSON = new ObjectMapper();
    static SimulatedFleet fleet;
    static AnthropicClient client;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(null, TestFleets.small(), 0);
        client = SdkClients.anthropic(fleet, "anthropic", ANTHROPIC_KEY);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @BeforeEach
    void reset() {
        fleet.control().reset();
    }

    static MessageCreateParams.Builder params(long maxTokens) {
        return MessageCreateParams.builder().model(SONNET).maxTokens(maxTokens).addUserMessage("Say hello in five words please");
    }

    @Test
    void nonStreamingMessageHasTextBlockStopReasonAndUsage() {
        Message m = client.messages().create(params(200).build());

        assertThat(m.id()).startsWith("msg_");
        assertThat(m.model().asString()).isEqualTo(SONNET);
        assertThat(m.content()).hasSize(1);
        assertThat(m.content().get(0).text().orElseThrow().text()).startsWith("Hello from anthropic/" + SONNET + ".");
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().inputTokens()).isEqualTo(3 + 4 + 6);
        assertThat(m.usage().outputTokens()).isBetween(12L, 35L);
    }

    @Test
    void maxTokensCutsTheAnswerWithStopReasonMaxTokens() {
        Message m = client.messages().create(params(4).build());
        assertThat(m.usage().outputTokens()).isEqualTo(4);
        assertThat(m.stopReason()).contains(StopReason.MAX_TOKENS);
    }

    @Test
    void streamingAccumulatesToTheSameMessage() {
        Message whole = client.messages().create(params(200).build());
        MessageAccumulator acc = MessageAccumulator.create();
        List<RawMessageStreamEvent> events;
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params(200).build())) {
            events = s.stream().peek(acc::accumulate).toList();
        }
        Message m = acc.message();
        assertThat(m.content().get(0).text().orElseThrow().text()).isEqualTo(whole.content().get(0).text().orElseThrow().text());
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isEqualTo(whole.usage().outputTokens());
        assertThat(events.get(0).isMessageStart()).isTrue();
        assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
    }

    @Test
    void rawStreamFollowsTheRealEventSequence() throws Exception {
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("anthropic") + "/messages",
                "{\"model\":\"" + SONNET + "\",\"max_tokens\":3,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", ANTHROPIC_KEY, "anthropic-version", "2023-06-01");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> frames = Arrays.asList(r.body().split("\n\n"));
        List<String> names = frames.stream().map(f -> f.substring("event: ".length(), f.indexOf('\n'))).toList();
        assertThat(names).containsExactly("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        for (String f : frames) {
            JsonNode data = JSON.readTree(f.substring(f.indexOf("\ndata: ") + 7));
            assertThat(data.path("type").asText()).isEqualTo(f.substring(7, f.indexOf('\n')));
        }
        JsonNode delta = JSON.readTree(frames.get(7).substring(frames.get(7).indexOf("data: ") + 6));
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(3);
        assertThat(frames.get(3)).contains("\"type\":\"text_delta\"");
    }

    @Test
    void toolsGetAToolUseBlockStreamedAsInputJsonDeltas() throws Exception {
        Tool weather = Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder()
                .properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("location", JsonValue.from(Map.of("type", "string")))
                        .putAdditionalProperty("days", JsonValue.from(Map.of("type", "integer"))).build())
                .addRequired("location").build()).build();
        Message m = client.messages().create(params(200).addTool(weather).build());

        assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = m.content().get(0).toolUse().orElseThrow();
        assertThat(use.id()).startsWith("toolu_");
        assertThat(use.name()).isEqualTo("get_weather");
        JsonNode input = JSON.readTree(JSON.writeValueAsString(use._input()));
        assertThat(input.path("location").asText()).isEqualTo("Paris");
        assertThat(input.path("days").asInt()).isEqualTo(3);

        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params(200).addTool(weather).build())) {
            List<RawMessageStreamEvent> events = s.stream().peek(acc::accumulate).toList();
            assertThat(events).anyMatch(e -> e.contentBlockDelta().flatMap(d -> d.delta().inputJson()).isPresent());
        }
        ToolUseBlock streamed = acc.message().content().get(0).toolUse().orElseThrow();
        assertThat(JSON.readTree(JSON.writeValueAsString(streamed._input()))).isEqualTo(input);
    }

    @Test
    void modelsListIsInAnthropicShape() throws Exception {
        List<String> ids = client.models().list().autoPager().stream().map(ModelInfo::id).toList();
        assertThat(ids).containsExactly(SONNET);
        JsonNode raw = JSON.readTree(SdkClients.get(fleet.gatewayBaseUrl("anthropic") + "/models", "x-api-key", ANTHROPIC_KEY,
                "anthropic-version", "2023-06-01").body());
        assertThat(raw.path("has_more").asBoolean(true)).isFalse();
        assertThat(raw.at("/data/0/type").asText()).isEqualTo("model");
    }

    @Test
    void missingVersionHeaderGets400InAnthropicShape() throws Exception {
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("anthropic") + "/messages",
                "{\"model\":\"" + SONNET + "\",\"max_tokens\":3,\"messages\":[]}", "x-api-key", ANTHROPIC_KEY);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.at("/error/message").asText()).contains("anthropic-version");
    }

    @Test
    void badKeyGets401AuthenticationError() {
        assertThatThrownBy(() -> SdkClients.anthropic(fleet, "anthropic", "sim-fake-wrong").messages().create(params(10).build()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("authentication_error");
        HttpResponse<String> bearer = SdkClients.post(fleet.gatewayBaseUrl("anthropic") + "/messages", "{}",
                "Authorization", "Bearer " + ANTHROPIC_KEY, "anthropic-version", "2023-06-01");
        assertThat(bearer.statusCode()).as("Anthropic wants x-api-key, not Bearer").isEqualTo(401);
    }

    @Test
    void unknownModelGets404NotFoundError() {
        assertThatThrownBy(() -> client.messages().create(params(10).model("claude-1").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("not_found_error");
    }

    @Test
    void missingMaxTokensGets400() {
        HttpResponse<String> r = SdkClients.post(fleet.gatewayBaseUrl("anthropic") + "/messages",
                "{\"model\":\"" + SONNET + "\",\"messages\":[]}", "x-api-key", ANTHROPIC_KEY, "anthropic-version", "2023-06-01");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("max_tokens");
    }
}
