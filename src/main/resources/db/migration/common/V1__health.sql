-- Offer health and health history. Portable SQL for SQLite and PostgreSQL: every time is epoch
-- milliseconds in a BIGINT, every enum is its wire name in text.

-- One row per offer (the original platform's model_health_tracking). Counters are only ever
-- incremented by SQL (call_count = call_count + ?), so concurrent writers lose nothing.
CREATE TABLE offer_health (
    gateway              VARCHAR(200) NOT NULL,
    model                VARCHAR(400) NOT NULL,
    provider             VARCHAR(200),
    upstream_model       VARCHAR(400),
    status               VARCHAR(32)  NOT NULL,
    tier                 VARCHAR(32),
    call_count           BIGINT       NOT NULL DEFAULT 0,
    success_count        BIGINT       NOT NULL DEFAULT 0,
    error_count          BIGINT       NOT NULL DEFAULT 0,
    not_found_count      BIGINT       NOT NULL DEFAULT 0,
    consecutive_failures INTEGER      NOT NULL DEFAULT 0,
    last_called          BIGINT,
    last_success         BIGINT,
    last_failure         BIGINT,
    first_not_found      BIGINT,
    last_not_found       BIGINT,
    last_outcome         VARCHAR(32),
    last_error           TEXT,
    latency_p50_ms       BIGINT,
    latency_p95_ms       BIGINT,
    created_at           BIGINT       NOT NULL,
    updated_at           BIGINT       NOT NULL,
    PRIMARY KEY (gateway, model)
);

CREATE INDEX offer_health_model ON offer_health (model);

-- System totals, written every minute.
CREATE TABLE system_snapshots (
    at                  BIGINT           NOT NULL,
    health_percentage   DOUBLE PRECISION NOT NULL,
    coverage_percentage DOUBLE PRECISION NOT NULL,
    healthy_models      INTEGER          NOT NULL,
    unhealthy_models    INTEGER          NOT NULL,
    tracked_models      INTEGER          NOT NULL,
    catalog_models      INTEGER          NOT NULL,
    healthy_gateways    INTEGER          NOT NULL,
    total_gateways      INTEGER          NOT NULL
);

CREATE INDEX system_snapshots_at ON system_snapshots (at);

-- One gateway's totals, written every minute.
CREATE TABLE gateway_snapshots (
    at             BIGINT           NOT NULL,
    gateway        VARCHAR(200)     NOT NULL,
    status         VARCHAR(32)      NOT NULL,
    healthy_offers INTEGER          NOT NULL,
    total_offers   INTEGER          NOT NULL,
    error_rate     DOUBLE PRECISION NOT NULL,
    latency_p50_ms BIGINT
);

CREATE INDEX gateway_snapshots_at ON gateway_snapshots (at);
CREATE INDEX gateway_snapshots_gateway_at ON gateway_snapshots (gateway, at);

-- One offer's status at one moment, written less often; uptime and SLA reports read it by model.
CREATE TABLE offer_snapshots (
    at           BIGINT           NOT NULL,
    gateway      VARCHAR(200)     NOT NULL,
    model        VARCHAR(400)     NOT NULL,
    status       VARCHAR(32)      NOT NULL,
    success_rate DOUBLE PRECISION NOT NULL,
    calls        BIGINT           NOT NULL
);

CREATE INDEX offer_snapshots_at ON offer_snapshots (at);
CREATE INDEX offer_snapshots_model_at ON offer_snapshots (model, at);
