-- KYC: customers with their state, every transition (the audit trail), provider checks, the accounts a
-- customer holds (with the status the authorizer must show), and the ongoing-monitoring consumer's state.

CREATE TABLE kyc.customers (
    id                      text PRIMARY KEY,
    state                   text NOT NULL,
    program_id              text,
    first_name              text NOT NULL,
    last_name               text NOT NULL,
    date_of_birth           date NOT NULL,
    address                 jsonb NOT NULL,
    nationality             text NOT NULL,
    identifier_type         text NOT NULL,
    -- The identifier is kept encrypted (AES-GCM) and as a keyed hash (duplicate detection); only the mask is shown.
    identifier_mask         text NOT NULL,
    identifier_hash         bytea NOT NULL,
    identifier_enc          bytea NOT NULL,
    source_of_funds         text,
    expected_monthly_volume bigint,
    occupation              text,
    risk_score              integer,
    risk_factors            jsonb,
    -- A potential sanctions match: set by screening, cleared only by a reviewer.
    sanctions_hold          boolean NOT NULL DEFAULT false,
    sanctions_hits          jsonb,
    -- The step a review or suspension interrupted (document, liveness, sanctions, risk, monitoring): approval resumes after it.
    review_step             text,
    document_attempts       integer NOT NULL DEFAULT 0,
    liveness_attempts       integer NOT NULL DEFAULT 0,
    document_expiry         date,
    idempotency_key         text UNIQUE,
    request_hash            bytea,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL
);

CREATE INDEX customers_state ON kyc.customers (state);
CREATE INDEX customers_identifier ON kyc.customers (identifier_hash);

CREATE TABLE kyc.transitions (
    id          bigserial PRIMARY KEY,
    customer_id text NOT NULL REFERENCES kyc.customers (id),
    from_state  text,
    to_state    text NOT NULL,
    cause       text NOT NULL,
    actor       text NOT NULL,
    evidence    jsonb,
    at          timestamptz NOT NULL
);

CREATE INDEX transitions_customer ON kyc.transitions (customer_id, id);

-- A check at a provider: the simulator applies at once; other providers answer by webhook, found by check id.
CREATE TABLE kyc.checks (
    provider     text NOT NULL,
    check_id     text NOT NULL,
    customer_id  text NOT NULL REFERENCES kyc.customers (id),
    step         text NOT NULL CHECK (step IN ('document', 'liveness')),
    outcome      text,
    result       jsonb,
    created_at   timestamptz NOT NULL,
    completed_at timestamptz,
    PRIMARY KEY (provider, check_id)
);

CREATE TABLE kyc.accounts (
    account_id      text PRIMARY KEY,
    customer_id     text NOT NULL REFERENCES kyc.customers (id),
    -- What the authorizer must show (ok, restricted, suspended) and what it last confirmed.
    desired_status  text NOT NULL,
    synced_status   text,
    synced_at       timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL
);

CREATE INDEX accounts_customer ON kyc.accounts (customer_id);
CREATE INDEX accounts_unsynced ON kyc.accounts (account_id) WHERE synced_status IS DISTINCT FROM desired_status;

CREATE TABLE kyc.consumer_position (
    consumer   text PRIMARY KEY,
    seq        bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Money in per customer and day: the baseline for "activity above what was declared".
CREATE TABLE kyc.activity (
    customer_id text NOT NULL,
    day         date NOT NULL,
    inflow      bigint NOT NULL DEFAULT 0,
    outflow     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (customer_id, day)
);

-- Where the reader of compliance's alerts and filings is.
CREATE TABLE kyc.feed_position (
    feed    text PRIMARY KEY,
    last_id bigint NOT NULL
);

-- Webhook deliveries seen (a provider retries): the body's hash per provider.
CREATE TABLE kyc.webhook_deliveries (
    provider    text NOT NULL,
    body_hash   bytea NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (provider, body_hash)
);
