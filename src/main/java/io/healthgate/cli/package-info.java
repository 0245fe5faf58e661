/**
 * The command line ({@code ./healthgate demo|serve|simulate|audit-keys|cleanup|--version}) on
 * picocli. It sits on top: nothing imports it, and each command only parses arguments, loads the
 * configuration and delegates to {@code app}. Exit codes: 0 success, 1 a failed check or run,
 * 2 a configuration or usage error, printed as one line per problem, never a stack trace.
 */
package io.healthgate.cli;
