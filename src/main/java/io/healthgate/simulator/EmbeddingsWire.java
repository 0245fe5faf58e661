package io.healthgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code POST /v1/embeddings}: one unit vector per input, deterministic from the seed, the
 * canonical model and the input text (so every offer of a model embeds alike), as floats or as
 * base64 little-endian float32 ({@code encoding_format: base64}, what the Python SDK asks for).
 */
final class EmbeddingsWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddingsWire() {
    }

    /** The inputs of a request: a string, or an array of strings (or token arrays, embedded by their text). */
    static List<String> inputs(JsonNode input) {
        List<String> out = new ArrayList<>();
        if (input.isTextual()) {
            out.add(input.asText());
        } else if (input.isArray()) {
            for (JsonNode i : input) {
                out.add(i.isTextual() ? i.asText() : i.toString());
            }
        }
        return out;
    }

    static float[] vector(long seed, String model, String input, int dimensions) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (model + "\u0000" + input).hashCode());
        double[] v = new double[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            v[i] = r.nextDouble(-1, 1);
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        float[] out = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    static String body(long seed, String canonicalModel, String upstream, List<String> inputs, int dimensions, boolean base64) {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] v = vector(seed, canonicalModel, inputs.get(i), dimensions);
            ObjectNode e = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) {
                    b.putFloat(f);
                }
                e.put("embedding", Base64.getEncoder().encodeToString(b.array()));
            } else {
                ArrayNode a = e.putArray("embedding");
                for (float f : v) {
                    a.add(f);
                }
            }
            tokens += Math.max(1, Prompt.words(JSON.getNodeFactory().textNode(inputs.get(i))));
        }
        body.put("model", upstream);
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return body.toString();
    }
}
