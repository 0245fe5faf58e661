package io.healthgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code docs/openapi.yaml}, used to judge real answers of the running gateway. The document's
 * structure (which operation, which response for a status, which media types and headers) is looked
 * up here; every value is judged by the networknt JSON Schema validator against the document's own
 * schemas (OpenAPI 3.1 dialect), so nothing about a field is hand-written in the test. Also keeps
 * which operations were checked, so a test can fail when one was never exercised.
 */
final class OpenApiDocument {
    static final Path FILE = Path.of("docs", "openapi.yaml");
    private static final String IRI = "https://healthgate.invalid/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Set<String> exercised = ConcurrentHashMap.newKeySet();

    private OpenApiDocument(JsonNode doc) {
        this.doc = doc;
        String json = doc.toString();
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(IRI, json)));
    }

    static OpenApiDocument load() {
        try {
            return new OpenApiDocument(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
        }
    }

    JsonNode root() {
        return doc;
    }

    /** Every documented operation as "METHOD path", sorted. */
    Set<String> operations() {
        Set<String> out = new TreeSet<>();
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (List.of("get", "post", "put", "delete", "patch").contains(m.getKey())) {
                out.add(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }));
        return out;
    }

    Set<String> exercised() {
        return Set.copyOf(exercised);
    }

    /**
     * What is wrong with a real answer to {@code method pathTemplate} by the document: an
     * undocumented status or content type, a missing required header, and every schema violation
     * of a header or the body. Empty when the answer matches.
     */
    List<String> problems(String method, String pathTemplate, HttpResponse<String> response) {
        String where = method.toUpperCase(Locale.ROOT) + " " + pathTemplate + " -> " + response.statusCode();
        List<String> out = new ArrayList<>();
        String opPointer = "/paths/" + escape(pathTemplate) + "/" + method.toLowerCase(Locale.ROOT);
        JsonNode op = doc.at(opPointer);
        if (op.isMissingNode()) {
            return List.of(where + ": the document has no such operation");
        }
        exercised.add(method.toUpperCase(Locale.ROOT) + " " + pathTemplate);
        String status = Integer.toString(response.statusCode());
        if (op.path("responses").path(status).isMissingNode()) {
            return List.of(where + ": status " + status + " is not documented (documented: " + names(op.path("responses")) + ")");
        }
        String respPointer = opPointer + "/responses/" + status;
        JsonNode resp = op.path("responses").path(status);
        if (resp.has("$ref")) {
            respPointer = resp.get("$ref").asText().substring(1);
            resp = doc.at(respPointer);
        }

        for (Iterator<Map.Entry<String, JsonNode>> it = resp.path("headers").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            String hp = respPointer + "/headers/" + escape(h.getKey());
            JsonNode header = h.getValue();
            if (header.has("$ref")) {
                hp = header.get("$ref").asText().substring(1);
                header = doc.at(hp);
            }
            Optional<String> value = response.headers().firstValue(h.getKey());
            if (value.isEmpty()) {
                if (header.path("required").asBoolean(false)) {
                    out.add(where + ": required header " + h.getKey() + " is missing");
                }
                continue;
            }
            validate(hp + "/schema", quote(value.get())).forEach(e -> out.add(where + ": header " + h.getKey() + ": " + e));
        }

        JsonNode content = resp.path("content");
        String contentType = response.headers().firstValue("content-type").orElse("");
        if (content.isMissingNode() || content.isEmpty()) {
            if (!response.body().isEmpty()) {
                out.add(where + ": the document says no body, got " + contentType);
            }
            return out;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            out.add(where + ": content type '" + contentType + "' is not documented (documented: " + names(content) + ")");
            return out;
        }
        String body = mediaType.endsWith("json") ? response.body() : quote(response.body());
        validate(respPointer + "/content/" + escape(mediaType) + "/schema", body).forEach(e -> out.add(where + ": body " + e));
        return out;
    }

    private List<String> validate(String pointer, String json) {
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(IRI + "#" + fragment(p))));
        return schema.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    /** A JSON Pointer as it goes in a URI fragment: the path templates' braces percent-encoded. */
    private static String fragment(String pointer) {
        return pointer.replace("{", "%7B").replace("}", "%7D");
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String names(JsonNode object) {
        List<String> n = new ArrayList<>();
        object.fieldNames().forEachRemaining(n::add);
        return String.join(", ", n);
    }
}
