/**
 * The key audit behind {@code ./healthgate audit-keys}, plain Java: for each gateway, the key
 * variable it expects, whether the environment holds it (set, empty, malformed), a masked
 * fingerprint and a hint when a similarly named variable is set.
 * <ul>
 *   <li>A key is never printed, logged or returned: only {@link io.healthgate.audit.KeyAuditRow}'s
 *       fingerprint (first 8 hex digits of its SHA-256 and its length).</li>
 *   <li>Verifying a key ({@code --verify}) goes through the {@link io.healthgate.audit.KeyVerifier}
 *       port, implemented at the HTTP edge in {@code providers}.</li>
 *   <li>Exit code: 0 when every enabled gateway is configured, 1 otherwise; disabled gateways
 *       need no key and are counted apart.</li>
 * </ul>
 */
package io.healthgate.audit;
