/**
 * The HTTP front on Vert.x: the chat front doors, {@code /v1/models}, the health views, the
 * dashboard, {@code /metrics} and {@code /admin/*}. It sits on top: nothing but {@code app}
 * imports it.
 * <ul>
 *   <li>{@link io.healthgate.api.HttpApi} is the route table. Every route gets a request id
 *       ({@code x-request-id}); the chat doors check the client key, the content type and the body
 *       size in that order, then {@code ChatHandler} validates the body and hands it to
 *       {@code proxy}. Every error is in the door's own shape (OpenAI or Anthropic), never a 500
 *       with a stack trace.</li>
 *   <li>Health views ({@link io.healthgate.api.HealthViews}, {@link io.healthgate.api.DashboardView})
 *       are computed from the in-memory snapshot on the event loop, with no I/O; anything that reads
 *       the store runs on a worker. Their wire shapes are the records of {@code ViewShapes} (the
 *       field names live there once); {@code docs/openapi.yaml} documents them and
 *       {@code OpenApiContractTest} holds the running gateway to it.</li>
 *   <li>{@code /admin/*} needs the admin key, compared in constant time; with no admin key
 *       configured they answer 403 naming the variable that enables them. {@code auth.protect_health} puts the health views,
 *       the dashboard data and {@code /metrics} behind a client key; liveness and readiness stay open.</li>
 * </ul>
 */
package io.healthgate.api;
