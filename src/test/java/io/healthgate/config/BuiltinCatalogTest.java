package io.healthgate.config;

import io.healthgate.catalog.Catalog;
import io.healthgate.catalog.Gateway;
import io.healthgate.catalog.Model;
import io.healthgate.catalog.Offer;
import io.healthgate.catalog.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinCatalogTest {

    @Test
    void shipsThirtyOneGatewaysOneHundredFifteenChatModelsAndTwoEmbeddingModels() {
        Catalog c = BuiltinCatalog.load();
        assertThat(c.gateways()).hasSize(31);
        assertThat(c.models()).hasSize(117);
        assertThat(c.models().stream().filter(io.healthgate.catalog.Model::isEmbedding))
                .extracting(io.healthgate.catalog.Model::id, io.healthgate.catalog.Model::dimensions)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("openai/text-embedding-3-small", 1536),
                        org.assertj.core.groups.Tuple.tuple("openai/text-embedding-3-large", 3072));
        assertThat(c.resolve("meta-llama/llama-3.3-70b-instruct")).isPresent();
        assertThat(c.resolve("together/meta-llama/Llama-3.3-70B-Instruct-Turbo")).isPresent();
    }

    @Test
    void specialGatewaysAreListedButDisabledWithAReason() {
        List<Gateway> special = BuiltinCatalog.load().gateways().stream().filter(g -> g.protocol() == Protocol.SPECIAL).toList();
        assertThat(special).extracting(Gateway::name).containsExactlyInAnyOrder("fal", "google-vertex", "modelz");
        assertThat(special).allSatisfy(g -> {
            assertThat(g.enabled()).isFalse();
            assertThat(g.disabledReason()).contains("adapter");
        });
    }

    @Test
    void gatewayNotesAreEncodedAsData() {
        Catalog c = BuiltinCatalog.load();
        Gateway openrouter = c.gateway("openrouter").orElseThrow();
        assertThat(openrouter.headers()).containsKeys("HTTP-Referer", "X-Title");
        assertThat(openrouter.modelSwitchesPerMinute()).isEqualTo(4);
        assertThat(c.gateway("aihubmix").orElseThrow().headers()).containsEntry("APP-Code", "${AIHUBMIX_APP_CODE}");
        assertThat(c.gateway("openai").orElseThrow().maxCompletionTokens()).isTrue();
        assertThat(c.gateway("anthropic").orElseThrow().protocol()).isEqualTo(Protocol.ANTHROPIC);
        assertThat(c.gateway("cloudflare-workers-ai").orElseThrow().baseUrl()).contains("${CLOUDFLARE_ACCOUNT_ID}");
        assertThat(c.gateway("huggingface").orElseThrow().apiKeyEnv()).isEqualTo("HUG_API_KEY");
    }

    @Test
    void everyOfferKeepsItsSource() {
        assertThat(BuiltinCatalog.definition().models()).allSatisfy(m ->
                assertThat(m.offers()).allSatisfy(o -> assertThat(o.source()).isNotBlank()));
    }

    /** The tables the catalog is generated from live in the repository (tests run from its root). */
    private static final Path DATA = Path.of("data");

    private static List<String[]> rows(Path tsv) throws IOException {
        List<String[]> out = new ArrayList<>();
        boolean header = true;
        for (String line : Files.readAllLines(tsv)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            out.add(line.split("\t", -1));
        }
        return out;
    }

    @Test
    void matchesTheTablesInTheDataFolderRowByRow() throws IOException {
        Path dir = DATA;
        Catalog c = BuiltinCatalog.load();

        List<String[]> gws = rows(dir.resolve("gateways.tsv"));
        assertThat(c.gateways()).extracting(Gateway::name).containsExactlyElementsOf(gws.stream().map(r -> r[0]).toList());
        for (String[] r : gws) {
            Gateway g = c.gateway(r[0]).orElseThrow();
            assertThat(g.displayName()).as(r[0]).isEqualTo(r[1]);
            assertThat(g.baseUrl()).as(r[0]).isEqualTo(r[2].replaceAll("(?<!\\$)\\{([A-Z0-9_]+)}", "\\${$1}"));
            assertThat(g.modelsUrl()).as(r[0]).isEqualTo(r[3].equals("-") ? "" : r[3]);
            assertThat(g.apiKeyEnv()).as(r[0]).isEqualTo(r[4]);
            assertThat(g.protocol()).as(r[0]).isEqualTo(Protocol.fromWireName(r[5]));
            assertThat(g.enabled()).as(r[0]).isEqualTo(!r[5].equals("special"));
            assertThat(g.notes()).as(r[0]).isEqualTo(r.length > 6 ? r[6].strip() : "");
        }

        List<String[]> ms = rows(dir.resolve("models.tsv"));
        // models.tsv holds the chat models; the embedding models follow them (scripts/gen-catalog.py EMBEDDING_MODELS)
        assertThat(c.models().stream().filter(m -> !m.isEmbedding())).extracting(Model::id)
                .containsExactlyElementsOf(ms.stream().map(r -> r[0]).toList());
        Map<String, ModelConfig> defs = new java.util.HashMap<>();
        BuiltinCatalog.definition().models().forEach(m -> defs.put(m.id(), m));
        for (String[] r : ms) {
            Model m = c.model(r[0]).orElseThrow();
            assertThat(m.provider()).as(r[0]).isEqualTo(r[1]);
            assertThat(m.contextTokens()).as(r[0]).isEqualTo(r[2].equals("-") ? 0 : Integer.parseInt(r[2]));
            assertThat(m.reasoning()).as(r[0]).isEqualTo(r[3].equals("yes"));
            List<String> offers = m.offers().stream().map(o -> o.gateway() + ":" + o.upstreamModel()).toList();
            assertThat(offers).as(r[0]).containsExactly(r[4].split(";"));
            List<String> sources = defs.get(r[0]).offers().stream().map(o -> o.gateway() + ":" + o.source()).toList();
            assertThat(sources).as(r[0]).containsExactly(r[5].split(";"));
        }
        assertThat(c.offers()).extracting(Offer::gateway).doesNotContainNull();
    }

    @Test
    void regeneratingFromTheDataFolderGivesTheShippedFileByteForByte(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("builtin-catalog.yaml");
        Process p = new ProcessBuilder("python3", "scripts/gen-catalog.py", "--out", out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
        assertThat(Files.readString(out)).as("run python3 scripts/gen-catalog.py and commit the result")
                .isEqualTo(Files.readString(Path.of("src/main/resources" + BuiltinCatalog.RESOURCE)));
    }
}
