-- Alert history and cleanup log (issue 7). Only the auto-increment id differs between dialects.

CREATE TABLE alert_history (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_key         VARCHAR(200) NOT NULL,
    severity          VARCHAR(16)  NOT NULL,
    title             TEXT         NOT NULL,
    message           TEXT         NOT NULL,
    health_percentage DOUBLE PRECISION,
    created_at        BIGINT       NOT NULL,
    sinks             TEXT         NOT NULL
);

CREATE INDEX alert_history_created_at ON alert_history (created_at);
CREATE INDEX alert_history_key_created_at ON alert_history (alert_key, created_at);

CREATE TABLE cleanup_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    gateway        VARCHAR(200) NOT NULL,
    model          VARCHAR(400) NOT NULL,
    upstream_model VARCHAR(400),
    reason         TEXT         NOT NULL,
    last_called    BIGINT,
    call_count     BIGINT       NOT NULL,
    error_count    BIGINT       NOT NULL,
    removed_at     BIGINT       NOT NULL,
    mode           VARCHAR(16)  NOT NULL
);

CREATE INDEX cleanup_log_removed_at ON cleanup_log (removed_at);
