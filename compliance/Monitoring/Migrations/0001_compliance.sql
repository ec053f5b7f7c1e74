-- Compliance: the monitoring consumer's position and per-account profiles, the rule versions it ran, alerts,
-- cases with their SAR clock and history, filings (SAR and CTR) and screening subjects.

CREATE TABLE compliance.consumer_position (
    consumer   text PRIMARY KEY,
    seq        bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE compliance.profiles (
    account_id  text PRIMARY KEY,
    state       bytea NOT NULL,
    updated_seq bigint NOT NULL
);

CREATE TABLE compliance.rule_versions (
    version    text PRIMARY KEY,
    body       jsonb NOT NULL,
    first_used timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE compliance.cases (
    id                  bigserial PRIMARY KEY,
    account_id          text NOT NULL,
    program_id          text,
    state               text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'investigating', 'closed')),
    disposition         text CHECK (disposition IN ('no_action', 'sar_filed', 'account_restricted')),
    assignee            text,
    risk_score          integer NOT NULL,
    detected_at         timestamptz NOT NULL,
    suspect_identified  boolean NOT NULL DEFAULT true,
    sar_due_at          timestamptz NOT NULL,
    last_sar_filed_at   timestamptz,
    next_review_at      timestamptz,
    next_filing_due_at  timestamptz,
    continuing_activity boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    closed_at           timestamptz,
    CHECK ((state = 'closed') = (disposition IS NOT NULL))
);

-- One case open per account: new alerts join it.
CREATE UNIQUE INDEX cases_one_open_per_account ON compliance.cases (account_id) WHERE state <> 'closed';
CREATE INDEX cases_state_due ON compliance.cases (state, sar_due_at);

CREATE TABLE compliance.alerts (
    id           bigserial PRIMARY KEY,
    rule_id      text NOT NULL,
    rule_version text NOT NULL,
    kind         text NOT NULL,
    score        integer NOT NULL,
    account_id   text NOT NULL,
    program_id   text,
    seq          bigint NOT NULL,
    occurred_at  timestamptz NOT NULL,
    summary      text NOT NULL,
    evidence     bigint[] NOT NULL,
    amount       bigint NOT NULL,
    status       text NOT NULL CHECK (status IN ('logged', 'case')),
    case_id      bigint REFERENCES compliance.cases (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- Redelivered log records raise nothing twice.
    UNIQUE (rule_id, account_id, seq)
);

CREATE INDEX alerts_account ON compliance.alerts (account_id, id);
CREATE INDEX alerts_case ON compliance.alerts (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE compliance.case_events (
    id         bigserial PRIMARY KEY,
    case_id    bigint NOT NULL REFERENCES compliance.cases (id),
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text NOT NULL,
    kind       text NOT NULL,
    from_state text,
    to_state   text,
    text       text,
    alert_id   bigint REFERENCES compliance.alerts (id)
);

CREATE INDEX case_events_case ON compliance.case_events (case_id, id);

CREATE TABLE compliance.filings (
    id              bigserial PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('sar', 'ctr')),
    state           text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'filed', 'acknowledged', 'rejected')),
    case_id         bigint REFERENCES compliance.cases (id),
    account_id      text NOT NULL,
    program_id      text,
    business_date   date,
    amount          bigint NOT NULL,
    cash_in         bigint,
    cash_out        bigint,
    evidence        bigint[] NOT NULL DEFAULT '{}',
    continuing      boolean NOT NULL DEFAULT false,
    prior_bsa_id    text,
    xml             text,
    bsa_id          text,
    ack_messages    text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    filed_at        timestamptz,
    acknowledged_at timestamptz
);

-- One CTR per account and business day.
CREATE UNIQUE INDEX filings_ctr_per_day ON compliance.filings (account_id, business_date) WHERE kind = 'ctr';
CREATE INDEX filings_state ON compliance.filings (kind, state);

CREATE TABLE compliance.screening_subjects (
    subject_id   text PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('customer', 'counterparty')),
    account_id   text,
    name         text NOT NULL,
    type         text,
    dob          text,
    country      text,
    ids          text[] NOT NULL DEFAULT '{}',
    active       boolean NOT NULL DEFAULT true,
    list_version text,
    hits         text[] NOT NULL DEFAULT '{}',
    screened_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
