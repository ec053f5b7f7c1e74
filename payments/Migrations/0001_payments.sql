-- Payments: instructions with their state and history, the money operations each transition asks of the
-- authorizer (a transactional outbox: written with the transition, applied idempotently after), the files and
-- messages exchanged with the sponsor bank, and the events published for compliance and KYC.

CREATE TABLE payments.payments (
    id               text PRIMARY KEY,
    idempotency_key  text UNIQUE,
    request_hash     bytea,
    account_id       text NOT NULL,
    direction        text NOT NULL CHECK (direction IN ('credit', 'debit', 'inbound')),
    amount           bigint NOT NULL CHECK (amount > 0),
    currency         text NOT NULL,
    counterparty     jsonb NOT NULL,
    requested_rail   text NOT NULL,
    rail             text NOT NULL,
    rail_reason      text NOT NULL,
    purpose          text,
    requested_settlement text,
    state            text NOT NULL,
    reservation_id   bigint,
    settlement_date  date,
    trace_number     text,
    end_to_end_id    text NOT NULL,
    uetr             uuid NOT NULL,
    file_name        text,
    return_code      text,
    failure_reason   text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE INDEX payments_state_rail ON payments.payments (state, rail);
CREATE UNIQUE INDEX payments_trace ON payments.payments (trace_number) WHERE trace_number IS NOT NULL;
CREATE INDEX payments_account ON payments.payments (account_id, created_at);

CREATE TABLE payments.transitions (
    id         bigserial PRIMARY KEY,
    payment_id text NOT NULL REFERENCES payments.payments (id),
    from_state text,
    to_state   text NOT NULL,
    cause      text NOT NULL,
    actor      text NOT NULL,
    evidence   jsonb,
    at         timestamptz NOT NULL
);

CREATE INDEX transitions_payment ON payments.transitions (payment_id, id);

-- What a transition asks of the authorizer, applied after commit with an idempotent reference.
CREATE TABLE payments.operations (
    id          bigserial PRIMARY KEY,
    payment_id  text NOT NULL REFERENCES payments.payments (id),
    kind        text NOT NULL CHECK (kind IN ('reserve', 'post', 'release', 'credit', 'debit')),
    amount      bigint NOT NULL,
    reference   text NOT NULL UNIQUE,
    state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    seq         bigint,
    error       text,
    created_at  timestamptz NOT NULL,
    done_at     timestamptz
);

CREATE INDEX operations_pending ON payments.operations (id) WHERE state = 'pending';

-- Files and messages to and from the sponsor bank.
CREATE TABLE payments.files (
    name        text PRIMARY KEY,
    direction   text NOT NULL CHECK (direction IN ('out', 'in')),
    rail        text NOT NULL,
    kind        text NOT NULL,
    entries     integer NOT NULL,
    total       bigint NOT NULL,
    -- Outbound files are stored with the transitions that send them, then written to the outbox (written_at).
    content     text,
    written_at  timestamptz,
    created_at  timestamptz NOT NULL
);

-- Payment events for compliance and KYC (also on the Redis stream baas:payments when one is configured).
CREATE TABLE payments.events (
    id          bigserial PRIMARY KEY,
    payment_id  text NOT NULL,
    type        text NOT NULL,
    body        jsonb NOT NULL,
    at          timestamptz NOT NULL
);

-- Counterparties as corrected by notifications of change (keyed by the original routing and account).
CREATE TABLE payments.corrections (
    routing_number text NOT NULL,
    account_number text NOT NULL,
    code           text NOT NULL,
    corrected      jsonb NOT NULL,
    received_at    timestamptz NOT NULL,
    PRIMARY KEY (routing_number, account_number)
);

-- The deposit account number (DDA) the sponsor bank gives each account, for direct deposit and inbound transfers.
CREATE SEQUENCE payments.account_number_seq START 100000001;

CREATE TABLE payments.account_numbers (
    account_id text PRIMARY KEY,
    number     text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
