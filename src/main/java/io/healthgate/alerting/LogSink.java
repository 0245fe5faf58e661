package io.healthgate.alerting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each notification to the log (logger {@code io.healthgate.alerts}); always on. */
public final class LogSink implements AlertSink {
    private static final Logger log = LoggerFactory.getLogger("io.healthgate.alerts");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void send(AlertNotification n) {
        switch (n.severity()) {
            case CRITICAL -> log.error("ALERT {}", n.oneLine());
            case WARNING -> log.warn("ALERT {}", n.oneLine());
            case INFO, RESOLVED -> log.info("ALERT {}", n.oneLine());
        }
    }
}
