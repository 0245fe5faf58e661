/**
 * Server-sent events: {@link io.healthgate.providers.sse.SseParser} turns byte or text chunks,
 * split anywhere, into complete {@link io.healthgate.providers.sse.SseEvent}s the moment each one
 * ends; {@link io.healthgate.providers.sse.SseWriter} frames events for the client.
 */
package io.healthgate.providers.sse;
