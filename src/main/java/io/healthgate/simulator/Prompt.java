package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A request reduced to what decides the simulated answer, the same whichever endpoint or
 * protocol it came through: the conversation (system text and turns, as plain text, so a chat
 * request and its Anthropic translation get the same answer), an assistant prefix to continue,
 * whether the last turn is a tool result, the tools, the output format and the limits.
 *
 * @param conversation the normalised conversation without the prefix: seeds the answer's words
 * @param promptTokens the estimated prompt size (words plus a few per message)
 * @param prefix the text of a trailing assistant message (continue from it), or null
 * @param afterToolResult true when the last turn carries a tool's result
 * @param forcedTool the tool the request forces (by name), or null
 * @param toolsOff true when {@code tool_choice} is none
 * @param format {@code text}, {@code json_object} or {@code json_schema}
 * @param schema the JSON schema of a {@code json_schema} format, else null
 * @param maxTokens the output limit asked for, 0 = none
 * @param n how many choices (OpenAI {@code n}), at least 1
 */
record Prompt(String conversation, int promptTokens, String prefix, boolean afterToolResult, List<Tool> tools,
              String forcedTool, boolean toolsOff, String format, JsonNode schema, int maxTokens, int n) {

    /** A tool the model may call: its name and the JSON schema of its arguments. */
    record Tool(String name, JsonNode schema) {
    }

    static final String TEXT = "text";
    static final String JSON_OBJECT = "json_object";
    static final String JSON_SCHEMA = "json_schema";

    boolean callsTool() {
        return !toolsOff && !tools.isEmpty() && (forcedTool != null || !afterToolResult);
    }

    Tool toolToCall() {
        if (forcedTool != null) {
            for (Tool t : tools) {
                if (t.name().equals(forcedTool)) {
                    return t;
                }
            }
        }
        return tools.get(0);
    }

    /** An OpenAI chat-completions body. */
    static Prompt fromChat(JsonNode body) {
        Builder b = new Builder();
        JsonNode messages = body.path("messages");
        int last = messages.size() - 1;
        for (int i = 0; i <= last; i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText("");
            if (i == last && i > 0 && role.equals("assistant") && !m.has("tool_calls") && !text(m.path("content")).isEmpty()) {
                b.prefix = text(m.path("content"));
                continue;
            }
            if (role.equals("system") || role.equals("developer")) {
                b.system.append(text(m.path("content")));
            } else if (m.has("tool_calls")) {
                b.turn("assistant", text(m.path("content")) + " " + m.path("tool_calls").findValuesAsText("name"));
            } else {
                b.turn(role, text(m.path("content")));
            }
            b.afterToolResult = role.equals("tool") || role.equals("function");
        }
        for (JsonNode t : body.path("tools")) {
            b.tools.add(new Tool(t.path("function").path("name").asText("tool"), t.path("function").path("parameters")));
        }
        JsonNode choice = body.path("tool_choice");
        b.toolsOff = "none".equals(choice.asText(""));
        b.forcedTool = "required".equals(choice.asText("")) && !b.tools.isEmpty() ? b.tools.get(0).name()
                : choice.path("function").path("name").isTextual() ? choice.path("function").path("name").asText() : null;
        JsonNode rf = body.path("response_format");
        b.format(rf.path("type").asText(TEXT), rf.path("json_schema").path("schema"));
        b.maxTokens = body.path("max_tokens").asInt(body.path("max_completion_tokens").asInt(0));
        b.n = body.path("n").asInt(1);
        return b.build(tokens(body.path("system"), messages));
    }

    /** An Anthropic messages body. */
    static Prompt fromAnthropic(JsonNode body) {
        Builder b = new Builder();
        b.system.append(text(body.path("system")));
        JsonNode messages = body.path("messages");
        int last = messages.size() - 1;
        for (int i = 0; i <= last; i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText("");
            boolean toolResult = hasBlock(m.path("content"), "tool_result");
            if (i == last && i > 0 && role.equals("assistant") && !hasBlock(m.path("content"), "tool_use")) {
                b.prefix = text(m.path("content"));
                continue;
            }
            b.turn(toolResult ? "tool" : role, text(m.path("content")) + (hasBlock(m.path("content"), "tool_use")
                    ? " " + m.path("content").findValuesAsText("name") : ""));
            b.afterToolResult = toolResult;
        }
        for (JsonNode t : body.path("tools")) {
            b.tools.add(new Tool(t.path("name").asText("tool"), t.path("input_schema")));
        }
        JsonNode choice = body.path("tool_choice");
        String type = choice.path("type").asText("auto");
        b.toolsOff = type.equals("none");
        b.forcedTool = type.equals("tool") ? choice.path("name").asText(null) : type.equals("any") && !b.tools.isEmpty() ? b.tools.get(0).name() : null;
        b.maxTokens = body.path("max_tokens").asInt(0);
        return b.build(tokens(body.path("system"), messages));
    }

    /** An OpenAI Responses body: {@code input} as a string or items, {@code instructions}, function tools. */
    static Prompt fromResponses(JsonNode body) {
        Builder b = new Builder();
        b.system.append(text(body.path("instructions")));
        JsonNode input = body.path("input");
        int words = 3 + words(body.path("instructions"));
        if (input.isTextual()) {
            b.turn("user", input.asText());
            words += 4 + words(input);
        }
        for (JsonNode item : input.isArray() ? input : List.<JsonNode>of()) {
            String type = item.path("type").asText("message");
            switch (type) {
                case "function_call" -> {
                    b.turn("assistant", " [" + item.path("name").asText() + "]");
                    b.afterToolResult = false;
                }
                case "function_call_output" -> {
                    b.turn("tool", item.path("output").asText(""));
                    b.afterToolResult = true;
                    words += words(item.path("output"));
                }
                default -> {
                    String role = item.path("role").asText("user");
                    if (role.equals("system") || role.equals("developer")) {
                        b.system.append(text(item.path("content")));
                    } else {
                        b.turn(role, text(item.path("content")));
                    }
                    b.afterToolResult = false;
                    words += words(item.path("content"));
                }
            }
            words += 4;
        }
        for (JsonNode t : body.path("tools")) {
            if ("function".equals(t.path("type").asText("function"))) {
                b.tools.add(new Tool(t.path("name").asText("tool"), t.path("parameters")));
            }
        }
        JsonNode choice = body.path("tool_choice");
        b.toolsOff = "none".equals(choice.asText(""));
        b.forcedTool = "required".equals(choice.asText("")) && !b.tools.isEmpty() ? b.tools.get(0).name()
                : choice.path("name").isTextual() ? choice.path("name").asText() : null;
        JsonNode format = body.path("text").path("format");
        b.format(format.path("type").asText(TEXT), format.path("schema"));
        b.maxTokens = body.path("max_output_tokens").asInt(0);
        return b.build(words);
    }

    /** A legacy completions body: {@code prompt} as a string or a list (the first is answered). */
    static Prompt fromCompletion(JsonNode body) {
        Builder b = new Builder();
        JsonNode prompt = body.path("prompt").isArray() ? body.path("prompt").path(0) : body.path("prompt");
        b.turn("user", prompt.asText(""));
        b.maxTokens = body.path("max_tokens").asInt(0);
        b.n = body.path("n").asInt(1);
        return b.build(3 + words(prompt));
    }

    /** The estimate the simulator has always used: 3, plus the system words, plus 4 and the words of every message. */
    static int tokens(JsonNode system, JsonNode messages) {
        int n = 3 + words(system);
        for (JsonNode m : messages) {
            n += 4 + words(m.path("content"));
        }
        return n;
    }

    static int words(JsonNode content) {
        if (content.isTextual()) {
            String t = content.asText().trim();
            return t.isEmpty() ? 0 : t.split("\\s+").length;
        }
        int n = 0;
        if (content.isArray()) {
            for (JsonNode part : content) {
                n += part.has("text") ? words(part.path("text")) : 1;
            }
        }
        return n;
    }

    /** The text of a content field: a string, or the text of its blocks (tool results included). */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder s = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.path("text").isTextual()) {
                    s.append(part.path("text").asText());
                } else if (part.has("content")) {
                    s.append(text(part.path("content")));
                }
            }
        }
        return s.toString();
    }

    private static boolean hasBlock(JsonNode content, String type) {
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (type.equals(part.path("type").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final class Builder {
        final StringBuilder system = new StringBuilder();
        final StringBuilder turns = new StringBuilder();
        final List<Tool> tools = new ArrayList<>();
        String prefix;
        boolean afterToolResult;
        String forcedTool;
        boolean toolsOff;
        String format = TEXT;
        JsonNode schema;
        int maxTokens;
        int n = 1;

        void turn(String role, String text) {
            turns.append('\n').append(role).append(": ").append(text);
        }

        void format(String type, JsonNode s) {
            format = JSON_OBJECT.equals(type) ? JSON_OBJECT : JSON_SCHEMA.equals(type) ? JSON_SCHEMA : TEXT;
            schema = format.equals(JSON_SCHEMA) && s.isObject() ? s : null;
        }

        Prompt build(int promptTokens) {
            return new Prompt("system: " + system + turns, promptTokens, prefix, afterToolResult, List.copyOf(tools), forcedTool,
                    toolsOff, format, schema, maxTokens, Math.max(1, n));
        }
    }
}
