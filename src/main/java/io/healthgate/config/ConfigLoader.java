package io.healthgate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.healthgate.catalog.Gateway;
import io.healthgate.cleanup.CleanupSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the configuration in three layers, each overriding the one before:
 * <ol>
 *   <li>the defaults shipped in the jar ({@value #DEFAULTS_RESOURCE});</li>
 *   <li>the user's file, merged key by key: mappings merge, lists and scalars replace;</li>
 *   <li>environment variables, one value each: {@code HEALTHGATE_} + the key path upper-cased with
 *       dots as underscores ({@code HEALTHGATE_SERVER_PORT=9090} sets {@code server.port};
 *       {@code HEALTHGATE_ROUTING_RANK_BY=status,latency} sets a list). Variables whose first word
 *       is not a section ({@code HEALTHGATE_API_KEYS}, {@code HEALTHGATE_ADMIN_KEY}) are not config
 *       and are left alone; gateways and models cannot be set this way.</li>
 * </ol>
 * Then every value is checked; all problems are reported together in one {@link ConfigException}
 * whose lines name the origin, the key path and the bad value. Unknown keys are errors with the
 * closest known key suggested. The environment is passed in, never read here.
 */
public final class ConfigLoader {
    public static final String DEFAULTS_RESOURCE = "/healthgate-defaults.yaml";
    public static final String ENV_PREFIX = "HEALTHGATE_";
    static final String DEFAULTS_LABEL = "healthgate-defaults.yaml (built in)";
    private static final Set<String> LIST_SECTIONS = Set.of("gateways", "models");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigLoader() {
    }

    /** Loads the defaults, then {@code file} if given, then overrides from {@code env}. */
    public static HealthgateConfig load(Optional<Path> file, Map<String, String> env) {
        if (file.isEmpty()) {
            return fromYaml(Optional.empty(), DEFAULTS_LABEL, env);
        }
        Path path = file.get();
        String label = path.toString();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(label + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(label + ": cannot read: " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return fromYaml(Optional.of(text), label, env);
    }

    /** Like {@link #load} with the file's text given directly; {@code label} names it in messages. */
    static HealthgateConfig fromYaml(Optional<String> userYaml, String label, Map<String, String> env) {
        Problems problems = new Problems(DEFAULTS_LABEL);
        ObjectNode root = parseMapping(resourceText(DEFAULTS_RESOURCE), DEFAULTS_LABEL);
        if (userYaml.isPresent()) {
            ObjectNode user = parseMapping(userYaml.get(), label);
            merge(root, user, "", problems, label);
        }
        applyEnv(root, env, problems);
        HealthgateConfig config = bind(root, new Section(root, "", problems));
        problems.throwIfAny();
        return config;
    }

    private static HealthgateConfig bind(ObjectNode tree, Section root) {
        ServerConfig server = SettingsBinder.server(root.section("server"));
        AuthConfig auth = SettingsBinder.auth(root.section("auth"));
        Section storageSection = root.section("storage");
        StorageConfig storage = SettingsBinder.storage(storageSection);
        RedisConfig redis = SettingsBinder.redis(root.section("redis"));
        io.healthgate.sla.SlaSettings sla = SettingsBinder.sla(root.section("sla"), storageSection);
        HealthgateConfig.Monitoring monitoring = SettingsBinder.monitoring(root.section("monitoring"), storageSection);
        HealthgateConfig.Routing routing = SettingsBinder.routing(root.section("routing"));
        HealthgateConfig.Alerting alerting = SettingsBinder.alerting(root.section("alerting"));
        CleanupSettings cleanup = SettingsBinder.cleanup(root.section("cleanup"));
        boolean ownGateways = root.has("gateways");
        List<Gateway> gateways = CatalogBinder.gateways(root);
        Set<String> names = new HashSet<>();
        gateways.forEach(g -> names.add(g.name()));
        List<ModelConfig> models = CatalogBinder.models(root, names);
        if (!ownGateways && root.has("models")) {
            root.problem("models", "models are listed without gateways; list the gateways they use too "
                    + "(a file with gateways replaces the built-in catalog), or list neither to use the built-in catalog");
        }
        root.finish();
        return new HealthgateConfig(server, auth, storage, redis, gateways, models, monitoring, routing, alerting, cleanup, sla,
                SettingsBinder.values(tree, List.copyOf(LIST_SECTIONS)));
    }

    /** Parses YAML whose top level must be a mapping; an empty document is an empty mapping. */
    static ObjectNode parseMapping(String text, String label) {
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new ConfigException(label + ": " + where + "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return YAML.createObjectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException(label + ": expected a mapping of sections (server:, gateways:, ...) at the top level, got "
                    + Section.describe(node, ""));
        }
        return (ObjectNode) node;
    }

    static String resourceText(String resource) {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + resource, e);
        }
    }

    /** Mappings merge key by key; anything else (scalars, lists) replaces. An empty section overrides nothing. */
    static void merge(ObjectNode base, ObjectNode over, String path, Problems problems, String origin) {
        over.properties().forEach(e -> {
            String key = e.getKey();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            JsonNode b = base.get(key);
            JsonNode o = e.getValue();
            problems.setOrigin(keyPath, origin);
            if (b != null && b.isObject() && o.isNull()) {
                return;
            }
            if (b != null && b.isObject() && o.isObject()) {
                merge((ObjectNode) b, (ObjectNode) o, keyPath, problems, origin);
            } else {
                base.set(key, o.deepCopy());
            }
        });
    }

    static void applyEnv(ObjectNode root, Map<String, String> env, Problems problems) {
        for (var e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX) || name.length() == ENV_PREFIX.length()) {
                continue;
            }
            List<String> tokens = Arrays.asList(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).split("_", -1));
            String origin = name + " (environment)";
            if (LIST_SECTIONS.contains(tokens.get(0))) {
                problems.addRaw(origin + ": " + tokens.get(0) + " cannot be set from the environment; list them in the config file");
                continue;
            }
            List<String> path = resolve(root, tokens, 0);
            if (path != null) {
                ObjectNode parent = root;
                for (String k : path.subList(0, path.size() - 1)) {
                    parent = (ObjectNode) parent.get(k);
                }
                parent.set(path.get(path.size() - 1), TextNode.valueOf(e.getValue()));
                problems.setOrigin(String.join(".", path), origin);
                continue;
            }
            String section = sectionOf(root, tokens);
            if (section != null) {
                List<String> leaves = new ArrayList<>();
                leafPaths(root.get(section), section, leaves);
                String hint = Suggest.closest(name, leaves.stream().map(ConfigLoader::envName).toList())
                        .map(x -> "; did you mean " + x + "?").orElse("");
                problems.addRaw(origin + ": matches no config key in section " + section + hint);
            }
        }
    }

    /** The environment variable that overrides a key path. */
    public static String envName(String keyPath) {
        return ENV_PREFIX + keyPath.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** Finds the key path whose words, joined by underscores, spell the tokens; leaves only. */
    private static List<String> resolve(ObjectNode node, List<String> tokens, int from) {
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            List<String> words = Arrays.asList(key.split("_", -1));
            int end = from + words.size();
            if (end > tokens.size() || !tokens.subList(from, end).equals(words)) {
                continue;
            }
            JsonNode child = node.get(key);
            if (end == tokens.size() && child != null && !child.isObject()) {
                return new ArrayList<>(List.of(key));
            }
            if (end < tokens.size() && child != null && child.isObject()) {
                List<String> rest = resolve((ObjectNode) child, tokens, end);
                if (rest != null) {
                    rest.add(0, key);
                    return rest;
                }
            }
        }
        return null;
    }

    private static String sectionOf(ObjectNode root, List<String> tokens) {
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            List<String> words = Arrays.asList(key.split("_", -1));
            if (root.get(key).isObject() && tokens.size() >= words.size() && tokens.subList(0, words.size()).equals(words)) {
                return key;
            }
        }
        return null;
    }

    private static void leafPaths(JsonNode node, String path, List<String> out) {
        if (node == null) {
            return;
        }
        if (!node.isObject()) {
            out.add(path);
            return;
        }
        node.properties().forEach(e -> leafPaths(e.getValue(), path + "." + e.getKey(), out));
    }
}
