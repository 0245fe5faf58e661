/**
 * Upstream HTTP on Vert.x core's {@code HttpClient} (never {@code WebClient}, which buffers whole
 * bodies): pooled keep-alive HTTP/1.1 connections, bodies and streams passed through chunk by chunk.
 * <ul>
 *   <li>An {@link io.healthgate.providers.http.UpstreamExchange} touches its state on one Vert.x
 *       context only and ends exactly once: by the body's end, a failure, a limit or a cancel.</li>
 *   <li>Failures surface as JDK exception types ({@code IOException}, {@code TimeoutException}
 *       subclasses), so the plain-Java classifier understands them without Vert.x types.</li>
 *   <li>Headers carry credentials: they are never logged.</li>
 * </ul>
 */
package io.healthgate.providers.http;
