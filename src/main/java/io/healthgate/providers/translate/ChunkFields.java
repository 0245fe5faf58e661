package io.healthgate.providers.translate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.IOException;

/**
 * What a relayed stream event's bookkeeping needs, read in one streaming pass over its data (no
 * tree): its type, whether it carries an error, usage, the finish or stop reason, and where its
 * {@code model} (or {@code message.model}) value sits, so the client's model id can be put in by
 * editing the text. {@link #scan} answers null for anything unusual (not one JSON object, a
 * repeated or non-string model, {@code choices} not an array); the caller then uses the tree.
 */
final class ChunkFields {
    private static final JsonFactory FACTORY = new JsonFactory();

    String type = "";
    boolean error;
    /** Where the model value to rename is (quotes included), top level or in {@code message}; -1 when none. */
    int modelStart = -1;
    int modelEnd = -1;
    String modelText;
    boolean usage;
    Long promptTokens;
    Long completionTokens;
    Long outputTokens;
    long messageInput;
    long messageOutput;
    int choices = -1;
    String finishReason;
    String stopReason;

    static ChunkFields scan(String data) {
        ChunkFields f = new ChunkFields();
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            boolean topModel = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "type" -> {
                        if (v == JsonToken.VALUE_STRING) {
                            f.type = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "error" -> {
                        f.error |= v != JsonToken.VALUE_NULL;
                        p.skipChildren();
                    }
                    case "model" -> {
                        if (v != JsonToken.VALUE_STRING || topModel) {
                            return null;
                        }
                        topModel = true;
                        f.model(p, data);
                    }
                    case "usage" -> {
                        f.usage = true; // present, even as null: the withheld-usage rule looks at presence
                        if (v == JsonToken.START_OBJECT) {
                            f.usage(p, false);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "choices" -> {
                        if (v != JsonToken.START_ARRAY) {
                            return null;
                        }
                        f.choices(p);
                    }
                    case "delta" -> {
                        if (v == JsonToken.START_OBJECT) {
                            f.delta(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "message" -> {
                        if (v == JsonToken.START_OBJECT) {
                            if (!f.message(p, data, topModel)) {
                                return null;
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return p.nextToken() == null ? f : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void model(JsonParser p, String data) throws IOException {
        modelText = p.getText();
        modelStart = (int) p.currentTokenLocation().getCharOffset();
        modelEnd = stringEnd(data, modelStart);
    }

    private void usage(JsonParser p, boolean inMessage) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_NUMBER_INT) {
                p.skipChildren();
                continue;
            }
            long n = p.getLongValue();
            if (inMessage) {
                switch (k) {
                    case "input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens" -> messageInput += n;
                    case "output_tokens" -> messageOutput = n;
                    default -> { }
                }
            } else {
                switch (k) {
                    case "prompt_tokens" -> promptTokens = n;
                    case "completion_tokens" -> completionTokens = n;
                    case "output_tokens" -> outputTokens = n;
                    default -> { }
                }
            }
        }
    }

    private void choices(JsonParser p) throws IOException {
        choices = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (choices++ == 0 && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    JsonToken v = p.nextToken();
                    if (k.equals("finish_reason") && v == JsonToken.VALUE_STRING) {
                        finishReason = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void delta(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            if (k.equals("stop_reason") && v == JsonToken.VALUE_STRING) {
                stopReason = p.getText();
            } else {
                p.skipChildren();
            }
        }
    }

    /** {@code message} of an Anthropic {@code message_start}: its usage, and its model when the top level has none. */
    private boolean message(JsonParser p, String data, boolean topModel) throws IOException {
        boolean seen = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            if (k.equals("model")) {
                if (v != JsonToken.VALUE_STRING || seen) {
                    return false;
                }
                seen = true;
                if (!topModel) {
                    model(p, data);
                }
            } else if (k.equals("usage") && v == JsonToken.START_OBJECT) {
                usage(p, true);
            } else {
                p.skipChildren();
            }
        }
        return true;
    }

    /** {@code data} with the located model value replaced by {@code model}; {@code data} itself when none or already so. */
    String withModel(String data, String model) {
        if (modelStart < 0 || modelEnd < 0 || model.equals(modelText)) {
            return data;
        }
        return data.substring(0, modelStart) + '"' + new String(JsonStringEncoder.getInstance().quoteAsString(model)) + '"'
                + data.substring(modelEnd);
    }

    private static int stringEnd(String s, int start) {
        if (start < 0 || start >= s.length() || s.charAt(start) != '"') {
            return -1;
        }
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return -1;
    }
}
