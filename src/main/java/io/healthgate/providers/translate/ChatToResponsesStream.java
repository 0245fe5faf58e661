package io.healthgate.providers.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.providers.sse.SseEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.healthgate.providers.translate.Json.obj;

/**
 * OpenAI {@code chat.completion.chunk}s in, the Responses API's typed event sequence out:
 * {@code response.created}, {@code response.in_progress}, then per output item
 * {@code response.output_item.added}, its deltas ({@code response.output_text.delta} inside a
 * {@code content_part}, {@code response.function_call_arguments.delta}, or
 * {@code response.reasoning_summary_text.delta}), its {@code .done} events and
 * {@code response.output_item.done}; finally {@code response.completed} (or
 * {@code response.incomplete} after a length or content-filter finish) carrying the whole
 * response with usage. Every event has a rising {@code sequence_number}. As with the Anthropic
 * translator, the end waits for {@code [DONE]} (or a clean close after a finish reason), because
 * usage comes in a chunk after the one with {@code finish_reason}. An upstream error becomes an
 * {@code error} event followed by {@code response.failed}.
 */
public final class ChatToResponsesStream extends TranslatingStream {

    private enum Open { NONE, REASONING, TEXT, CALL }

    private final ResponsesContext ctx;
    private final java.util.function.Consumer<JsonNode> onCompleted;
    private final ArrayNode output = Json.arr();
    private final Map<Integer, Call> calls = new LinkedHashMap<>();
    private int seq;
    private boolean started;
    private Open open = Open.NONE;
    private int openIndex = -1;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private Call openCall;
    private JsonNode usage = obj();
    private long inputTokens;
    private long outputTokens;

    private static final class Call {
        final int outputIndex;
        final String itemId;
        final String callId;
        final String name;
        final StringBuilder arguments = new StringBuilder();

        Call(int outputIndex, String itemId, String callId, String name) {
            this.outputIndex = outputIndex;
            this.itemId = itemId;
            this.callId = callId;
            this.name = name;
        }
    }

    /** @param onCompleted given the final response once the stream completes (the gateway keeps it for previous_response_id) */
    ChatToResponsesStream(ResponsesContext ctx, java.util.function.Consumer<JsonNode> onCompleted) {
        this.ctx = ctx;
        this.onCompleted = onCompleted;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        List<SseEvent> out = new ArrayList<>();
        JsonNode chunk = openAiChunk(upstream, out);
        if (chunk == null) {
            return out;
        }
        start(out);
        if (chunk.get("usage") != null && chunk.get("usage").isObject()) {
            usage = chunk.get("usage");
            inputTokens = usage.path("prompt_tokens").asLong(inputTokens);
            outputTokens = usage.path("completion_tokens").asLong(outputTokens);
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String thought = ResponseObjects.reasoningText(delta);
        if (!thought.isEmpty()) {
            reasoningDelta(out, thought);
        }
        String content = delta.path("content").isTextual() ? delta.path("content").asText() : "";
        if (!content.isEmpty()) {
            textDelta(out, content);
        }
        for (JsonNode call : delta.path("tool_calls")) {
            callDelta(out, call);
        }
        if (choice.path("finish_reason").isTextual()) {
            finishReason = choice.path("finish_reason").asText();
            close(out);
        }
        return out;
    }

    private void start(List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        out.add(event("response.created", obj().set("response", ResponseObjects.skeleton(ctx, "in_progress"))));
        out.add(event("response.in_progress", obj().set("response", ResponseObjects.skeleton(ctx, "in_progress"))));
    }

    private void reasoningDelta(List<SseEvent> out, String thought) {
        if (open != Open.REASONING) {
            close(out);
            open = Open.REASONING;
            openIndex = output.size();
            reasoning.setLength(0);
            output.add(obj()); // placeholder, filled when the item closes
            out.add(event("response.output_item.added", itemEvent(ResponseObjects.reasoningItem(itemId(), ""))));
            ObjectNode part = obj().put("item_id", itemId()).put("output_index", openIndex).put("summary_index", 0);
            part.putObject("part").put("type", "summary_text").put("text", "");
            out.add(event("response.reasoning_summary_part.added", part));
        }
        reasoning.append(thought);
        out.add(event("response.reasoning_summary_text.delta", obj().put("item_id", itemId()).put("output_index", openIndex)
                .put("summary_index", 0).put("delta", thought)));
    }

    private void textDelta(List<SseEvent> out, String content) {
        if (open != Open.TEXT) {
            close(out);
            open = Open.TEXT;
            openIndex = output.size();
            text.setLength(0);
            output.add(obj());
            ObjectNode item = ResponseObjects.messageItem(itemId(), "", "in_progress");
            item.putArray("content");
            out.add(event("response.output_item.added", itemEvent(item)));
            out.add(event("response.content_part.added", partEvent().set("part", ResponseObjects.textPart(""))));
        }
        text.append(content);
        ObjectNode d = partEvent().put("delta", content);
        d.putArray("logprobs");
        out.add(event("response.output_text.delta", d));
    }

    private void callDelta(List<SseEvent> out, JsonNode call) {
        int index = call.path("index").asInt(calls.size());
        Call c = calls.get(index);
        if (c == null) {
            close(out);
            int outputIndex = output.size();
            output.add(obj());
            c = new Call(outputIndex, ctx.itemId("fc", outputIndex), call.path("id").asText("call_" + index),
                    call.path("function").path("name").asText(""));
            calls.put(index, c);
            open = Open.CALL;
            openIndex = outputIndex;
            openCall = c;
            out.add(event("response.output_item.added",
                    itemEvent(ResponseObjects.functionCallItem(c.itemId, c.callId, c.name, "", "in_progress"))));
        }
        String args = call.path("function").path("arguments").asText("");
        if (!args.isEmpty()) {
            c.arguments.append(args);
            out.add(event("response.function_call_arguments.delta", obj().put("item_id", c.itemId)
                    .put("output_index", c.outputIndex).put("delta", args)));
        }
    }

    /** Ends the open item with its .done events and records it in the final output. */
    private void close(List<SseEvent> out) {
        switch (open) {
            case NONE -> { }
            case REASONING -> {
                ObjectNode done = obj().put("item_id", itemId()).put("output_index", openIndex).put("summary_index", 0)
                        .put("text", reasoning.toString());
                out.add(event("response.reasoning_summary_text.done", done));
                ObjectNode partDone = obj().put("item_id", itemId()).put("output_index", openIndex).put("summary_index", 0);
                partDone.putObject("part").put("type", "summary_text").put("text", reasoning.toString());
                out.add(event("response.reasoning_summary_part.done", partDone));
                ObjectNode item = ResponseObjects.reasoningItem(itemId(), reasoning.toString());
                output.set(openIndex, item);
                out.add(event("response.output_item.done", itemEvent(item)));
            }
            case TEXT -> {
                ObjectNode done = partEvent().put("text", text.toString());
                done.putArray("logprobs");
                out.add(event("response.output_text.done", done));
                out.add(event("response.content_part.done", partEvent().set("part", ResponseObjects.textPart(text.toString()))));
                ObjectNode item = ResponseObjects.messageItem(itemId(), text.toString(), "completed");
                output.set(openIndex, item);
                out.add(event("response.output_item.done", itemEvent(item)));
            }
            case CALL -> {
                Call c = openCall;
                String args = c.arguments.isEmpty() ? "{}" : c.arguments.toString();
                out.add(event("response.function_call_arguments.done", obj().put("item_id", c.itemId)
                        .put("output_index", c.outputIndex).put("name", c.name).put("arguments", args)));
                ObjectNode item = ResponseObjects.functionCallItem(c.itemId, c.callId, c.name, args, "completed");
                output.set(c.outputIndex, item);
                out.add(event("response.output_item.done", itemEvent(item)));
            }
        }
        open = Open.NONE;
        openIndex = -1;
        openCall = null;
    }

    @Override
    protected void finish(List<SseEvent> out) {
        start(out);
        close(out);
        ObjectNode r = ResponseObjects.skeleton(ctx, "completed");
        r.set("output", output.deepCopy());
        ResponseObjects.incomplete(r, finishReason);
        r.set("usage", ResponseObjects.usage(usage));
        out.add(event("incomplete".equals(r.path("status").asText()) ? "response.incomplete" : "response.completed", obj().set("response", r)));
        ended = true;
        completed = true;
        onCompleted.accept(r);
    }

    @Override
    protected void fail(List<SseEvent> out, int status, String message) {
        String clean = ErrorShapes.forClient(message);
        String code = status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
        out.add(event("error", obj().put("code", code).put("message", clean).putNull("param")));
        ObjectNode r = ResponseObjects.skeleton(ctx, "failed");
        ArrayNode finished = r.putArray("output");
        output.forEach(item -> {
            if (!item.isEmpty()) {
                finished.add(item.deepCopy()); // the item still open when the stream failed is not part of the answer
            }
        });
        r.putObject("error").put("code", status >= 500 ? "server_error" : "invalid_prompt").put("message", clean);
        out.add(event("response.failed", obj().set("response", r)));
        ended = true;
    }

    private String itemId() {
        String prefix = switch (open) {
            case REASONING -> "rs";
            case CALL -> "fc";
            default -> "msg";
        };
        return ctx.itemId(prefix, openIndex);
    }

    private ObjectNode itemEvent(ObjectNode item) {
        ObjectNode e = obj().put("output_index", openIndex);
        e.set("item", item);
        return e;
    }

    private ObjectNode partEvent() {
        return obj().put("item_id", itemId()).put("output_index", openIndex).put("content_index", 0);
    }

    /** A typed event: {@code type} first, then the fields, then {@code sequence_number}; the SSE event name is the type. */
    private SseEvent event(String type, JsonNode fields) {
        ObjectNode e = obj().put("type", type);
        e.setAll((ObjectNode) fields);
        e.put("sequence_number", seq++);
        return SseEvent.of(type, Json.write(e));
    }

    @Override
    public long inputTokens() {
        return inputTokens;
    }

    @Override
    public long outputTokens() {
        return outputTokens;
    }
}
