-- The double-entry ledger. Conventions (docs/ledger.md):
--   posted:  signed, credit positive. A customer's posted balance is what the customer has (the authorizer's
--            Posted); a negative balance is a debit balance (cash the program holds at the sponsor bank).
--   pending: signed, debit positive: what is held against the account (the authorizer's Held for a customer);
--            the counterparty of a hold carries the same amount negated.
-- Every journal entry's postings sum to zero per currency, for posted and for pending amounts alike.
--
-- Postings and pending transfers carry no foreign keys: at 2,000 entries a batch the per-row checks cost more
-- than the rest of the insert. Their integrity holds by construction (an entry and its postings are written in
-- one transaction, accounts cannot be deleted) and ledger verify checks it (orphans).

CREATE TABLE ledger.accounts (
    id          bigserial PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    kind        text NOT NULL CHECK (kind IN ('customer', 'network_settlement', 'sponsor_omnibus', 'program_settlement', 'fees')),
    currency    char(3) NOT NULL,
    program_id  text,
    posted      bigint NOT NULL DEFAULT 0,
    pending     bigint NOT NULL DEFAULT 0,
    created_seq bigint,
    created_at  timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 80); -- room for HOT updates: balances change on every batch that touches the account

-- One entry per log record that moves money; seq is the idempotency key (NULL only for entries that do not
-- come from the log). hold_id names the pending transfer the entry changes; resolution is set on the one
-- entry that resolved it.
CREATE TABLE ledger.journal_entries (
    id          bigserial PRIMARY KEY,
    seq         bigint UNIQUE,
    kind        text NOT NULL,
    ts          timestamptz NOT NULL,
    hold_id     bigint,
    resolution  text CHECK (resolution IN ('posted', 'voided', 'expired')),
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per account per entry: the change to its posted balance and to its pending amount.
CREATE TABLE ledger.postings (
    entry_id   bigint NOT NULL,
    account_id bigint NOT NULL,
    currency   char(3) NOT NULL,
    amount     bigint NOT NULL,
    pending    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, entry_id)
);

-- Two-phase holds (card authorizations and payment reservations), keyed by the authorizer's hold id.
-- account_id holds the money (its pending grows by remaining); counterparty_id carries the other side.
CREATE TABLE ledger.pending_transfers (
    hold_id         bigint PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('card', 'reservation')),
    account_id      bigint NOT NULL,
    counterparty_id bigint NOT NULL,
    currency        char(3) NOT NULL,
    amount          bigint NOT NULL,
    remaining       bigint NOT NULL,
    posted          bigint NOT NULL DEFAULT 0,
    state           text NOT NULL CHECK (state IN ('pending', 'partially_posted', 'posted', 'voided', 'expired')),
    created_seq     bigint NOT NULL,
    updated_seq     bigint NOT NULL,
    resolved_seq    bigint,
    CHECK ((state IN ('pending', 'partially_posted')) = (resolved_seq IS NULL))
) WITH (fillfactor = 90); -- a transfer is updated once or twice after it is created

CREATE TABLE ledger.consumer_positions (
    consumer   text PRIMARY KEY,
    seq        bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger.reconciliation_runs (
    id            bigserial PRIMARY KEY,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    log_seq       bigint,
    discrepancies integer
);

CREATE TABLE ledger.discrepancies (
    id               bigserial PRIMARY KEY,
    run_id           bigint NOT NULL REFERENCES ledger.reconciliation_runs (id),
    account_code     text NOT NULL,
    field            text NOT NULL,
    authorizer_value bigint,
    ledger_value     bigint,
    found_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX discrepancies_run ON ledger.discrepancies (run_id);

-- Journal entries and postings are immutable: corrections are new entries.
CREATE FUNCTION ledger.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger.%: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger.journal_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_change();
CREATE TRIGGER postings_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger.postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_change();
-- Accounts change balance but never go away: postings and transfers refer to them by id.
CREATE TRIGGER accounts_not_deleted BEFORE DELETE OR TRUNCATE ON ledger.accounts
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_change();

-- An entry's postings arrive in one INSERT statement (the store writes a whole batch's postings in one), so
-- checking each statement's rows checks every entry, once per statement rather than once per row.
CREATE FUNCTION ledger.check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT entry_id, currency, sum(amount) AS amount, sum(pending) AS pending INTO bad
    FROM new_postings
    GROUP BY entry_id, currency
    HAVING sum(amount) <> 0 OR sum(pending) <> 0
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance in %: posted %, pending %', bad.entry_id, bad.currency, bad.amount, bad.pending
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER postings_balanced AFTER INSERT ON ledger.postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.check_balanced();

-- A pending transfer resolves at most once: once resolved, its state and resolving seq never change.
CREATE FUNCTION ledger.reject_second_resolution() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'pending transfer % was resolved (%) at seq %; it cannot become % at seq %',
        OLD.hold_id, OLD.state, OLD.resolved_seq, NEW.state, NEW.resolved_seq
        USING ERRCODE = 'check_violation';
END;
$$;

CREATE TRIGGER pending_transfers_resolve_once BEFORE UPDATE ON ledger.pending_transfers
    FOR EACH ROW
    WHEN (OLD.resolved_seq IS NOT NULL AND (NEW.resolved_seq IS DISTINCT FROM OLD.resolved_seq OR NEW.state IS DISTINCT FROM OLD.state))
    EXECUTE FUNCTION ledger.reject_second_resolution();
