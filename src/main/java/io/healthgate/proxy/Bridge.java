package io.healthgate.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Protocol;
import io.healthgate.providers.translate.StreamTranslator;
import io.healthgate.providers.translate.TolerantStream;
import io.healthgate.providers.translate.Translator;

/**
 * Carries one request from the front door's protocol to a gateway's protocol and the answer back,
 * through the one translation module ({@link Translator}); between equal protocols bodies pass
 * untouched and streams go through a pass-through tracker with the same bookkeeping.
 *
 * <p>OpenAI streams always ask the gateway for {@code stream_options.include_usage}, so every
 * outcome carries token counts; the usage chunk reaches the client only when it asked.
 */
final class Bridge {
    private final FrontDoor front;
    private final Protocol upstream;
    private final String requestedModel;
    private final boolean clientWantsUsage;
    private final long createdEpochSeconds;

    Bridge(FrontDoor front, Protocol upstream, ObjectNode frontBody, long createdEpochSeconds) {
        this.front = front;
        this.upstream = upstream;
        this.requestedModel = frontBody.path("model").asText();
        this.clientWantsUsage = frontBody.path("stream_options").path("include_usage").asBoolean(false);
        this.createdEpochSeconds = createdEpochSeconds;
    }

    boolean translates() {
        return front.protocol() != upstream;
    }

    /** The request in the gateway's protocol; throws {@code TranslationException} when it cannot be expressed there. */
    ObjectNode request(ObjectNode frontBody) {
        if (front.protocol() == upstream) {
            if (upstream == Protocol.OPENAI && frontBody.path("stream").asBoolean(false) && !clientWantsUsage) {
                ObjectNode copy = frontBody.deepCopy();
                ObjectNode options = copy.has("stream_options") && copy.get("stream_options").isObject()
                        ? (ObjectNode) copy.get("stream_options") : copy.putObject("stream_options");
                options.put("include_usage", true);
                return copy;
            }
            return frontBody;
        }
        return front == FrontDoor.ANTHROPIC ? Translator.anthropicRequestToOpenAi(frontBody) : Translator.openAiRequestToAnthropic(frontBody);
    }

    /** A whole answer, back in the front door's protocol. */
    ObjectNode response(ObjectNode upstreamBody) {
        if (!translates()) {
            return upstreamBody;
        }
        return front == FrontDoor.ANTHROPIC
                ? Translator.openAiResponseToAnthropic(upstreamBody, requestedModel)
                : Translator.anthropicResponseToOpenAi(upstreamBody, requestedModel, createdEpochSeconds);
    }

    /** A fresh translator for one stream, tolerant of a stray malformed event ({@link TolerantStream}). */
    StreamTranslator stream() {
        return new TolerantStream(strictStream());
    }

    private StreamTranslator strictStream() {
        if (!translates()) {
            return Translator.passThrough(upstream, upstream != Protocol.OPENAI || clientWantsUsage);
        }
        return front == FrontDoor.ANTHROPIC
                ? Translator.openAiStreamToAnthropic(requestedModel)
                : Translator.anthropicStreamToOpenAi(requestedModel, clientWantsUsage, createdEpochSeconds);
    }
}
