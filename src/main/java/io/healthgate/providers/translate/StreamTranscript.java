package io.healthgate.providers.translate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Protocol;
import io.healthgate.providers.sse.SseEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client has been sent of one streamed answer, in its own protocol, so a failed stream can
 * be continued elsewhere: the text so far, whether anything but plain text went out (tool calls,
 * thinking: those are never continued), and how the client's stream names its message (OpenAI
 * chunk id, Anthropic text block index), so a continuation's events can be made to read as the
 * same answer ({@link #continuation()}).
 */
public final class StreamTranscript {
    private final Protocol client;
    private final StringBuilder text = new StringBuilder();
    private boolean onlyText = true;
    private String chunkId;
    private int textBlock = 0;

    public StreamTranscript(Protocol client) {
        this.client = client;
    }

    /** Notes events as they go to the client. */
    public void sent(List<SseEvent> events) {
        for (SseEvent e : events) {
            if (e.data().isBlank() || e.isDone()) {
                continue;
            }
            // One streaming pass over the event, no tree: every event of every stream is noted, and
            // building a tree of each was 5% of the gateway's CPU with 10,000 streams open.
            Noted n = Noted.scan(e.data());
            if (n == null) {
                JsonNode d = Json.parse(e.data()).orElse(null);
                if (d == null || !d.isObject()) {
                    continue;
                }
                n = Noted.of(d);
            }
            note(e, n);
        }
    }

    private void note(SseEvent e, Noted n) {
        if (client == Protocol.OPENAI) {
            if (chunkId == null && n.id != null) {
                chunkId = n.id;
            }
            if (n.choices > 1 || n.nonTextDelta) {
                onlyText = false;
            }
            if (n.content != null) {
                text.append(n.content);
            }
            return;
        }
        String type = e.event().isEmpty() ? n.type : e.event();
        if ("content_block_start".equals(type)) {
            if ("text".equals(n.blockType)) {
                textBlock = n.index;
            } else {
                onlyText = false;
            }
        } else if ("content_block_delta".equals(type)) {
            if ("text_delta".equals(n.deltaType)) {
                text.append(n.deltaText);
            } else {
                onlyText = false;
            }
        }
    }

    /**
     * What {@link #sent} notes of one event, for either protocol, read in one streaming pass:
     * OpenAI's chunk {@code id}, number of choices, first choice's delta (text, or a kind of delta
     * that is not plain text); Anthropic's {@code type}, {@code index}, content block type and text
     * delta. {@link #scan} answers null for anything unusual (not an object, {@code choices} not
     * an array, a non-integer index, a non-string text): the caller then reads them from the tree
     * ({@link #of}), and one rule ({@code note}) applies either.
     */
    private static final class Noted {
        private static final JsonFactory FACTORY = new JsonFactory();

        String id;
        int choices;
        boolean nonTextDelta;
        String content;
        String type = "";
        int index;
        String blockType;
        String deltaType;
        String deltaText = "";

        /** The same fields read from the tree, as the tree reads them (a number's text, an object's field count). */
        static Noted of(JsonNode d) {
            Noted n = new Noted();
            n.id = d.path("id").isTextual() ? d.path("id").asText() : null;
            JsonNode choices = d.path("choices");
            n.choices = choices.size();
            JsonNode choiceDelta = choices.path(0).path("delta");
            n.nonTextDelta = choiceDelta.has("tool_calls") || choiceDelta.has("function_call") || choiceDelta.has("reasoning")
                    || choiceDelta.has("reasoning_content");
            n.content = choiceDelta.path("content").isTextual() ? choiceDelta.path("content").asText() : null;
            n.type = d.path("type").asText();
            n.index = d.path("index").asInt(0);
            n.blockType = d.path("content_block").path("type").asText();
            n.deltaType = d.path("delta").path("type").asText();
            n.deltaText = d.path("delta").path("text").asText();
            return n;
        }

        static Noted scan(String data) {
            Noted n = new Noted();
            try (JsonParser p = FACTORY.createParser(data)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    boolean string = v == JsonToken.VALUE_STRING;
                    boolean object = v == JsonToken.START_OBJECT;
                    switch (name) {
                        case "id" -> n.id = string ? p.getText() : n.id;
                        case "type" -> n.type = string ? p.getText() : "";
                        case "index" -> {
                            if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                                return null;
                            }
                            n.index = p.getIntValue();
                        }
                        case "choices" -> {
                            if (v != JsonToken.START_ARRAY) {
                                return null;
                            }
                            n.choices(p);
                            continue;
                        }
                        case "content_block" -> {
                            if (object) {
                                n.block(p);
                                continue;
                            }
                        }
                        case "delta" -> {
                            if (object && !n.anthropicDelta(p)) {
                                return null;
                            }
                            if (object) {
                                continue;
                            }
                        }
                        default -> { }
                    }
                    p.skipChildren();
                }
                return n;
            } catch (IOException e) {
                return null;
            }
        }

        /** OpenAI's choices array: counted; the first choice's delta read. */
        private void choices(JsonParser p) throws IOException {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (choices++ == 0 && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        if (p.nextToken() == JsonToken.START_OBJECT && name.equals("delta")) {
                            openAiDelta(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }

        private void openAiDelta(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "tool_calls", "function_call", "reasoning", "reasoning_content" -> nonTextDelta = true; // present, even as null
                    case "content" -> content = v == JsonToken.VALUE_STRING ? p.getText() : content;
                    default -> { }
                }
                p.skipChildren();
            }
        }

        private void block(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("type")) {
                    blockType = v == JsonToken.VALUE_STRING ? p.getText() : "";
                }
                p.skipChildren();
            }
        }

        private boolean anthropicDelta(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                boolean string = v == JsonToken.VALUE_STRING;
                switch (name) {
                    case "type" -> deltaType = string ? p.getText() : "";
                    case "text" -> {
                        if (!string) {
                            return false; // the tree reads a null or a number as its text ("null", "5"): left to it
                        }
                        deltaText = p.getText();
                    }
                    default -> { }
                }
                p.skipChildren();
            }
            return true;
        }
    }

    /** The text the client has received so far. */
    public String text() {
        return text.toString();
    }

    /** True while only plain text (no tool call, no thinking, one choice) went out. */
    public boolean onlyText() {
        return onlyText;
    }

    /**
     * A filter for the client-protocol events of a continuation stream: its own opening (role
     * chunk, message and text block starts, pings) is dropped, since the client's answer is already
     * open; the rest is renamed to the client's message (same chunk id, same block index). The
     * continuation's text is noted here as it goes out.
     */
    public Continuation continuation() {
        return new Continuation();
    }

    /** See {@link #continuation()}. */
    public final class Continuation {
        private int ownTextBlock = -1;

        private Continuation() {
        }

        public List<SseEvent> filter(List<SseEvent> events) {
            List<SseEvent> out = new ArrayList<>(events.size());
            for (SseEvent e : events) {
                SseEvent kept = client == Protocol.OPENAI ? openAi(e) : anthropic(e);
                if (kept != null) {
                    out.add(kept);
                }
            }
            sent(out);
            return out;
        }

        private SseEvent openAi(SseEvent e) {
            JsonNode d = e.isDone() ? null : Json.parse(e.data()).orElse(null);
            if (d == null || !d.isObject() || d.has("error")) {
                return e;
            }
            JsonNode choices = d.path("choices");
            if (!choices.isEmpty()) {
                JsonNode choice = choices.path(0);
                JsonNode delta = choice.path("delta");
                boolean hasText = delta.path("content").isTextual() && !delta.path("content").asText().isEmpty();
                if (!hasText && !choice.path("finish_reason").isTextual() && !delta.has("tool_calls")) {
                    return null; // the continuation's opening role chunk: the client's answer is already open
                }
            }
            if (chunkId == null) {
                return e;
            }
            ObjectNode copy = d.deepCopy();
            copy.put("id", chunkId);
            return new SseEvent(e.event(), Json.write(copy), e.id());
        }

        private SseEvent anthropic(SseEvent e) {
            JsonNode d = Json.parse(e.data()).orElse(null);
            if (d == null || !d.isObject()) {
                return e;
            }
            String type = e.event().isEmpty() ? d.path("type").asText() : e.event();
            switch (type) {
                case "message_start", "ping" -> {
                    return null;
                }
                case "content_block_start" -> {
                    if (ownTextBlock < 0 && "text".equals(d.path("content_block").path("type").asText())) {
                        ownTextBlock = d.path("index").asInt(0);
                        return null; // the client's text block is open already
                    }
                    return e;
                }
                case "content_block_delta", "content_block_stop" -> {
                    if (d.path("index").asInt(-1) != ownTextBlock || ownTextBlock == textBlock) {
                        return e;
                    }
                    ObjectNode copy = d.deepCopy();
                    copy.put("index", textBlock);
                    return new SseEvent(e.event(), Json.write(copy), e.id());
                }
                default -> {
                    return e;
                }
            }
        }
    }
}
