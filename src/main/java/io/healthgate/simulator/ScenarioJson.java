package io.healthgate.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.healthgate.catalog.Protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Scenario files and behaviour patches: snake_case YAML or JSON, strict about unknown keys. */
final class ScenarioJson {
    static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));
    static final ObjectMapper JSON = configure(new ObjectMapper());

    private ScenarioJson() {
    }

    private static ObjectMapper configure(ObjectMapper m) {
        SimpleModule protocols = new SimpleModule();
        protocols.addSerializer(Protocol.class, new JsonSerializer<>() {
            @Override
            public void serialize(Protocol p, JsonGenerator g, SerializerProvider s) throws IOException {
                g.writeString(p.wireName());
            }
        });
        protocols.addDeserializer(Protocol.class, new JsonDeserializer<>() {
            @Override
            public Protocol deserialize(JsonParser p, DeserializationContext c) throws IOException {
                String s = p.getValueAsString();
                try {
                    return Protocol.fromWireName(s);
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, "unknown protocol '" + s + "'; expected openai, anthropic or special");
                }
            }
        });
        return m.registerModule(protocols)
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    static Scenario read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("scenario file " + file + " does not exist");
        }
        try {
            return YAML.readValue(text, Scenario.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scenario file " + file + ": " + describe(e));
        }
    }

    static Scenario parse(String text) {
        try {
            return YAML.readValue(text, Scenario.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scenario: " + describe(e));
        }
    }

    static String toYaml(Scenario s) {
        try {
            return YAML.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("scenario cannot be written as YAML", e);
        }
    }

    /** Applies a JSON merge patch of behaviour keys to {@code base}; unknown keys and bad values are refused. */
    static Behaviour patch(Behaviour base, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new IllegalArgumentException("a behaviour patch must be a JSON object");
        }
        ObjectNode merged = JSON.valueToTree(base);
        merged.setAll((ObjectNode) patch);
        try {
            return JSON.treeToValue(merged, Behaviour.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad behaviour patch: " + describe(e));
        }
    }

    static JsonNode tree(Object o) {
        return JSON.valueToTree(o);
    }

    /** The key path and the reason, without Jackson's source excerpt. */
    static String describe(JsonProcessingException e) {
        String path = e instanceof JsonMappingException jm
                ? jm.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "")
                : "";
        Throwable cause = e instanceof ValueInstantiationException && e.getCause() != null ? e.getCause() : e;
        String msg = cause == e ? e.getOriginalMessage() : cause.getMessage();
        if (msg != null) {
            msg = msg.replaceAll(" \\(class [^)]*\\)", "").replaceAll(", not marked as ignorable.*", "");
            int nl = msg.indexOf('\n');
            msg = nl > 0 ? msg.substring(0, nl) : msg;
        }
        return (path.isEmpty() ? "" : "at " + path + ": ") + msg;
    }
}
