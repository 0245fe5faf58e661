/**
 * The vocabulary every other package speaks, plain Java with no dependencies: gateways, models,
 * offers (one gateway serving one model: the unit of health and of routing), protocols and tiers.
 * <ul>
 *   <li>A {@link io.healthgate.catalog.Catalog} is immutable and replaced whole on reload, so hot-path
 *       readers need no locks.</li>
 *   <li>{@link io.healthgate.catalog.Catalog#resolve} is the one place a requested model id becomes
 *       offers: canonical id, alias, or {@code gateway/model} to pin one gateway.</li>
 *   <li>Dependencies point inward: this package imports no other Healthgate package.</li>
 * </ul>
 */
package io.healthgate.catalog;
