-- The outcome history (issue 17): per offer, source and minute, how many calls ended in each
-- outcome class, and latency histograms of the successful ones. SLA reports, incidents and the
-- success metrics are computed from it. Rows are only ever inserted (a minute may have several
-- rows: a late outcome, a restart, several instances); readers add them up. Histograms are
-- sparse "bin:count" lists over the health engine's 32 log-scale bins.
CREATE TABLE outcome_history (
    minute             BIGINT       NOT NULL,
    gateway            VARCHAR(200) NOT NULL,
    model              VARCHAR(400) NOT NULL,
    provider           VARCHAR(200) NOT NULL,
    source             VARCHAR(16)  NOT NULL,
    n_success          BIGINT       NOT NULL DEFAULT 0,
    n_timeout          BIGINT       NOT NULL DEFAULT 0,
    n_rate_limited     BIGINT       NOT NULL DEFAULT 0,
    n_auth_error       BIGINT       NOT NULL DEFAULT 0,
    n_no_credits       BIGINT       NOT NULL DEFAULT 0,
    n_not_found        BIGINT       NOT NULL DEFAULT 0,
    n_bad_request      BIGINT       NOT NULL DEFAULT 0,
    n_server_error     BIGINT       NOT NULL DEFAULT 0,
    n_connection_error BIGINT       NOT NULL DEFAULT 0,
    n_bad_response     BIGINT       NOT NULL DEFAULT 0,
    n_cancelled        BIGINT       NOT NULL DEFAULT 0,
    ttfb_bins          TEXT         NOT NULL,
    ttfb_sum_ms        BIGINT       NOT NULL DEFAULT 0,
    total_bins         TEXT         NOT NULL,
    total_sum_ms       BIGINT       NOT NULL DEFAULT 0,
    first_failure      BIGINT
);

CREATE INDEX outcome_history_minute ON outcome_history (minute);
CREATE INDEX outcome_history_gateway_minute ON outcome_history (gateway, minute);
