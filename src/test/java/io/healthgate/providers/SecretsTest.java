package io.healthgate.providers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void keysTokensAndAccountIdsAreMasked() {
        // A made-up key, assembled so secret scanners do not mistake the fixture for a real one.
        assertThat(Secrets.redact("Incorrect API key provided: " + "sk-" + "VKMIs1234567890abcdef."))
                .isEqualTo("Incorrect API key provided: sk-***.");
        assertThat(Secrets.redact("key sk-ant-api03-AbCdEf_123456")).isEqualTo("key sk-***");
        assertThat(Secrets.redact("Authorization: Bearer abc.def.ghi123")).isEqualTo("Authorization: Bearer ***");
        assertThat(Secrets.redact("organization org-AbC123xyz on tokens")).isEqualTo("organization org-*** on tokens");
        assertThat(Secrets.redact("org `org_01kes94v04f9ramd2n1vj4gjnc`")).isEqualTo("org `org-***`");
        assertThat(Secrets.redact("team 16f2151a-40f4-4a80-8ad0-cae00c27e8dd has")).isEqualTo("team *** has");
        assertThat(Secrets.redact("request ID 500d9fff2057e4af93a280f67002c342 in")).isEqualTo("request ID *** in");
        assertThat(Secrets.redact("https://x.test/v1?key=AIzaSyA-secret&alt=sse")).isEqualTo("https://x.test/v1?key=***&alt=sse");
        assertThat(Secrets.redact("token eyJhbGciOiJIUzI1NiJ9aaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).isEqualTo("token ***");
    }

    @Test
    void ordinaryProseAndUrlsSurvive() {
        String text = "Rate limit reached for gpt-4 on tokens per min (TPM): Limit 10000. Visit https://platform.openai.com/account/rate-limits";
        assertThat(Secrets.redact(text)).isEqualTo(text);
        assertThat(Secrets.redact(null)).isEmpty();
    }

    @Test
    void summariesAreShortAndOnOneLine() {
        assertThat(Secrets.summarize("a\n\n b  " + "x".repeat(500), 20)).hasSize(20).startsWith("a b ").endsWith("…");
    }
}
