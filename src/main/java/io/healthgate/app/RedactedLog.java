package io.healthgate.app;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.healthgate.providers.Secrets;

/**
 * The log's choke point for secrets (named in logback.xml): every message and every stack trace
 * passes through {@link Secrets#mask} before it is written, whoever logged it (our code, Vert.x,
 * Netty, the JDBC driver), so a configured key inside an exception message never reaches a log.
 */
public final class RedactedLog {
    private RedactedLog() {
    }

    /** {@code %msg}: the formatted message, masked. */
    public static final class Message extends MessageConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return Secrets.mask(super.convert(event));
        }
    }

    /** {@code %ex}: the stack trace with its messages, masked. */
    public static final class Stack extends ThrowableProxyConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return Secrets.mask(super.convert(event));
        }
    }
}
