package io.healthgate.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a database URL is read, and that no error ever shows its password. */
class DatabaseUrlTest {

    @Test
    void dialectFollowsTheUrl() {
        assertThat(Dialect.ofUrl(Database.DEFAULT_URL)).isEqualTo(Dialect.SQLITE);
        assertThat(Dialect.ofUrl("jdbc:postgresql://db:5432/healthgate")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.ofUrl(" JDBC:SQLITE:x.db")).isEqualTo(Dialect.SQLITE);
    }

    @Test
    void unsupportedUrlIsRejectedWithItsPasswordMasked() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://db/hg?user=u&password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported database URL")
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Database.open(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void inMemorySqliteIsRejectedBecauseEveryPooledConnectionWouldSeeAnEmptyDatabase() {
        assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-memory");
    }

    @Test
    void passwordsAreMaskedInUrlParametersAndUserInfo() {
        assertThat(Database.redact("jdbc:postgresql://h/db?user=hg&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=hg&password=***&ssl=true");
        assertThat(Database.redact("jdbc:postgresql://hg:s3cret@h/db")).isEqualTo("jdbc:postgresql://hg:***@h/db");
        assertThat(Database.redact(Database.DEFAULT_URL)).isEqualTo(Database.DEFAULT_URL);
    }

    @Test
    void unreachableServerGivesAClearErrorWithoutThePassword() {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter2&connectTimeout=2"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open database jdbc:postgresql://127.0.0.1:1/test")
                .hasMessageNotContaining("hunter2");
    }
}
