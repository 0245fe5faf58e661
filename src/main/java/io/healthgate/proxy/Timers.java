package io.healthgate.proxy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Delayed actions for a journey (first-token deadlines, hedge delays). In the product they run on
 * the Vert.x event loop of the caller; in tests a manual scheduler over a fake clock runs them.
 */
public interface Timers {

    /** A scheduled action; cancelling one that ran or was cancelled does nothing. */
    interface Scheduled {
        Scheduled NONE = () -> { };

        void cancel();
    }

    /** Runs {@code action} once after {@code delay}. */
    Scheduled schedule(Duration delay, Runnable action);

    /**
     * Vert.x timers on the calling context (a journey schedules from its connection's event loop,
     * so its timers run there too). Outside Vert.x nothing is scheduled: there is no loop to run on.
     */
    Timers VERTX = (delay, action) -> {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Scheduled.NONE;
        }
        Vertx vertx = context.owner();
        long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> action.run());
        return () -> vertx.cancelTimer(id);
    };
}
