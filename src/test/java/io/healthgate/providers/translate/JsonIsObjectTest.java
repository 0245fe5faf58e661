package io.healthgate.providers.translate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Json#isObject} (a token stream, no tree) answers what parsing the tree and asking {@code isObject()} answers. */
class JsonIsObjectTest {

    @Test
    void agreesWithTheTreeOnObjectsAndOnEverythingElse() {
        List<String> texts = List.of(
                "{}", "{\"a\":1}", "{\"choices\":[{\"delta\":{\"content\":\"hi \\\"x\\\" \\u00e9\"}}],\"id\":\"c\"}", " {\"a\":[1,2,{\"b\":null}]} ",
                "{\"a\":1} trailing", // text after the object: ignored by both
                "[1,2]", "\"text\"", "42", "null", "true", "", "   ",
                "{", "{\"a\":", "{\"a\":1", "{\"a\" 1}", "{a:1}", "{\"a\":[1,2}", "{\"a\":\"unterminated}", "{\"a\":tru}", "{'a':1}",
                "[DONE]", "data: {}", "{\"a\":1}}");
        for (String t : texts) {
            boolean tree = Json.parse(t).map(n -> n.isObject()).orElse(false);
            assertThat(Json.isObject(t)).as("'%s'", t).isEqualTo(tree);
        }
        assertThat(Json.isObject("{\"a\":1}")).isTrue();
        assertThat(Json.isObject("{\"a\":")).isFalse();
    }
}
