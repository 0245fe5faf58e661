package io.healthgate.health;

import ch.qos.logback.classic.Level;
import io.healthgate.support.CapturedLogs;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded buffer under a store that fails: kept, merged, replayed, and what does not fit dropped and counted. */
class WriteBehindTest {
    /** Per key, a count of updates; absorb adds them. */
    private final WriteBehind<String, long[]> buffer = new WriteBehind<>("test", 2, () -> new long[1], (older, newer) -> {
        older[0] += newer[0];
        return older;
    });
    private final Map<String, Long> stored = new HashMap<>();
    private boolean storeDown;

    private void add(String key) {
        buffer.add(key, v -> v[0]++);
    }

    private boolean flush() {
        return buffer.flush(k -> true, taken -> {
            if (storeDown) {
                throw new IllegalStateException("store down");
            }
            taken.forEach((k, v) -> stored.merge(k, v[0], Long::sum));
            return !taken.isEmpty();
        });
    }

    @Test
    void whileTheStoreIsDownUpdatesOfKnownKeysAreKeptAndNewKeysBeyondTheBoundAreDroppedAndCounted() {
        storeDown = true;
        add("a");
        add("b");
        assertThat(flush()).isFalse();
        add("a"); // a key already buffered: merged, never dropped
        add("c"); // a third key: over the bound of 2
        add("c");

        assertThat(buffer.pending()).isEqualTo(2);
        assertThat(buffer.lost()).isEqualTo(2);

        storeDown = false;
        assertThat(flush()).isTrue();
        assertThat(stored).as("the buffered counts are replayed whole; the dropped ones never arrive")
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", 2L, "b", 1L));
        assertThat(buffer.pending()).isZero();

        add("c");
        assertThat(flush()).isTrue();
        assertThat(stored).containsEntry("c", 1L);
        assertThat(buffer.lost()).as("a count of everything dropped since start").isEqualTo(2);
    }

    @Test
    void aLossStreakIsLoggedOnceWhenItStartsAndOnceWithItsTotalWhenAFlushWorks() {
        try (CapturedLogs logs = new CapturedLogs()) {
            storeDown = true;
            add("a");
            add("b");
            for (int i = 0; i < 5; i++) {
                add("x" + i);
            }
            assertThat(logs.atLeast(Level.WARN).stream().filter(l -> l.contains("buffer full")).toList()).hasSize(1);

            storeDown = false;
            flush();
            assertThat(logs.atLeast(Level.WARN)).anyMatch(l -> l.contains("5 updates were dropped while the buffer was full (5 in all since start)"));

            storeDown = true;
            add("a");
            add("b");
            add("y");
            assertThat(logs.atLeast(Level.WARN).stream().filter(l -> l.contains("buffer full")).toList())
                    .as("a new streak is reported again").hasSize(2);
        }
    }
}
