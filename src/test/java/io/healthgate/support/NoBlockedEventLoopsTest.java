package io.healthgate.support;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The suite's blocked-thread guard sees a held event loop (the warnings it would fail a class with). */
class NoBlockedEventLoopsTest {

    @Test
    void anEventLoopHeldPastTheLimitIsReportedWithItsThreadAndStack() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(25).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(100).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
        try {
            vertx.runOnContext(v -> sleep(600)); // what a JDBC call on a stalled database does to a loop
            await().atMost(Duration.ofSeconds(10)).until(() -> NoBlockedEventLoops.pending() > 0);
        } finally {
            vertx.close().await();
        }
        List<String> warnings = NoBlockedEventLoops.takeWarnings(); // taken, so this class itself passes
        assertThat(warnings).isNotEmpty();
        assertThat(warnings.get(0)).contains("vert.x-eventloop-thread").contains("blocked").contains("sleep");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
