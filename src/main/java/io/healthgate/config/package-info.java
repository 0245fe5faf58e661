/**
 * The configuration: one YAML file in three layers (the defaults shipped in the jar, the user's
 * file merged key by key, then {@code HEALTHGATE_*} environment variables for single values),
 * read into immutable records by {@link io.healthgate.config.ConfigLoader}.
 * <ul>
 *   <li>Every problem names where the value came from (file or variable), the key path and the bad
 *       value; all problems of a file are reported at once; an unknown key suggests the closest one.</li>
 *   <li>Secrets are never configuration values: the file names the environment variables that hold
 *       them ({@code api_key_env}, {@code auth.client_keys_env}, ...).</li>
 *   <li>{@link io.healthgate.config.CatalogFactory} turns {@code gateways:}/{@code models:} (or, without
 *       them, the {@link io.healthgate.config.BuiltinCatalog} generated from {@code data/}) into the catalog.</li>
 *   <li>The YAML key names are a contract; the defaults file and the {@code DEFAULT_*} constants
 *       must agree (a test checks).</li>
 * </ul>
 */
package io.healthgate.config;
