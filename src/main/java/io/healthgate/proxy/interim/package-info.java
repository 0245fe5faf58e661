/**
 * TEMPORARY minimal stand-ins for the codec module of {@code io.healthgate.providers} (classifier,
 * SSE parser, upstream request shaping), with the same names and signatures so the swap is a change
 * of imports. Delete this package when the real module is on main.
 */
package io.healthgate.proxy.interim;
