package io.healthgate.fleet;

import java.time.Duration;

/** Where the fleet's health views are published under stable names ({@code health:system}, ...). Blocking. */
public interface SharedViews {

    void publish(String name, String json, Duration ttl);
}
