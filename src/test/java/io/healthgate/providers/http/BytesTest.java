package io.healthgate.providers.http;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BytesTest {
    @Test
    void wrapSharesTheArrayInsteadOfCopyingIt() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Buffer b = Bytes.wrap(body);
        assertThat(b.toString()).isEqualTo("{\"a\":1}");
        assertThat(b.length()).isEqualTo(body.length);
        body[5] = '2';
        assertThat(b.toString()).as("same memory").isEqualTo("{\"a\":2}");
    }

    @Test
    void readOnlyGivesTheBuffersOwnArrayOnlyWhenItIsExactlyTheBody() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(Bytes.readOnly(Bytes.wrap(body))).isSameAs(body);

        Buffer grown = Buffer.buffer(64).appendString("hello"); // array larger than the body
        byte[] copy = Bytes.readOnly(grown);
        assertThat(copy).isEqualTo(body);
        copy[0] = 'j';
        assertThat(grown.toString()).as("a copy, not the buffer's memory").isEqualTo("hello");

        Buffer slice = Bytes.wrap("xxhelloxx".getBytes(StandardCharsets.UTF_8)).slice(2, 7);
        assertThat(Bytes.readOnly(slice)).isEqualTo(body);
    }
}
