package io.healthgate.fleet;

import java.time.Duration;
import java.util.List;

/**
 * Which instances are alive: each one writes its {@link Instance} every heartbeat; an instance
 * not seen within the liveness window is gone. Blocking, like {@link FleetChannel}.
 */
public interface InstanceRegistry {

    void heartbeat(Instance self);

    /** Instances seen within {@code liveness}, oldest start first. */
    List<Instance> live(Duration liveness);

    /** Leaves at once (a clean stop), so peers need not wait for the liveness window. */
    void leave(String id);
}
