package io.healthgate.fleet;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How instances tell each other what they saw: every published message reaches every listening
 * instance (the sender included; {@link FleetSync} ignores its own), and the newest message per
 * {@link FleetEvent#stateKey()} is kept so an instance that starts or comes back can catch up.
 *
 * <p>{@link #publish} and {@link #recent} block on the network: call them from the fleet's own
 * threads, never from an event loop. They throw an unchecked exception when the channel is
 * unreachable.
 */
public interface FleetChannel extends AutoCloseable {

    /** Sends to every instance and keeps it as the newest state under its key. */
    void publish(FleetMessage message);

    /** Starts delivering every message to {@code listener}, on the channel's own thread (keep it quick). */
    void listen(Consumer<FleetMessage> listener);

    /** The newest message per state key observed within {@code maxAge}. */
    List<FleetMessage> recent(Duration maxAge);

    @Override
    void close();
}
