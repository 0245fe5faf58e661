package io.healthgate.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Fails a test class when Vert.x's blocked-thread checker warned while it ran: an event loop (of
 * the gateway, the simulator or any other Vert.x in the test) was held longer than the limit the
 * test run sets ({@code -Dhealthgate.blockedThreadCheckMs} in pom.xml). Registered for every class
 * through {@code META-INF/services} (JUnit's extension autodetection, on in
 * {@code junit-platform.properties}).
 */
public final class NoBlockedEventLoops implements BeforeAllCallback, AfterAllCallback {
    /** Where Vert.x 5 logs "Thread ... has been blocked for ... ms". */
    public static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker"; // its logger keeps the Vert.x 4 name
    private static final ListAppender<ILoggingEvent> WARNINGS = attach();

    private static ListAppender<ILoggingEvent> attach() {
        Logger checker = (Logger) LoggerFactory.getLogger(CHECKER);
        ListAppender<ILoggingEvent> a = new ListAppender<>();
        a.setContext(checker.getLoggerContext());
        a.start();
        checker.addAppender(a);
        return a;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (WARNINGS) {
            WARNINGS.list.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> seen = takeWarnings();
        if (!seen.isEmpty()) {
            throw new AssertionError("an event loop was blocked while " + context.getDisplayName() + " ran ("
                    + System.getProperty("healthgate.blockedThreadCheckMs", "default") + " ms limit):\n"
                    + String.join("\n", seen));
        }
    }

    /** The checker's warnings since the class began (or the last take), each with its thread and stack; clears them. */
    public static List<String> takeWarnings() {
        synchronized (WARNINGS) { // AppenderBase appends under the appender's own lock
            List<String> seen = WARNINGS.list.stream().map(e -> "[" + e.getThreadName() + "] " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : stack(e))).toList();
            WARNINGS.list.clear();
            return seen;
        }
    }

    /** How many warnings are waiting, without taking them. */
    public static int pending() {
        synchronized (WARNINGS) {
            return WARNINGS.list.size();
        }
    }

    /** The top of the blocked thread's stack (what it does now) and its bottom (which task it runs). */
    private static String stack(ILoggingEvent e) {
        var frames = e.getThrowableProxy().getStackTraceElementProxyArray();
        List<String> lines = java.util.Arrays.stream(frames).map(Object::toString).toList();
        List<String> shown = lines.size() <= 40 ? lines
                : java.util.stream.Stream.concat(lines.subList(0, 12).stream(),
                        java.util.stream.Stream.concat(java.util.stream.Stream.of("..."), lines.subList(lines.size() - 28, lines.size()).stream()))
                        .toList();
        return "\n    " + String.join("\n    ", shown);
    }
}
