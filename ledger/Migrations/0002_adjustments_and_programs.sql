-- Adjustments: a back-office correction to a customer's balance. The request is recorded here first (who asked,
-- why, under which idempotency key), then applied through the authorizer as a credit or debit whose reference is
-- `adj:{key}`; the ledger's journal entry comes from that log record like every other one (kind `adjustment`).
CREATE TABLE ledger.adjustments (
    key          text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 36),
    account_id   text NOT NULL,
    amount       bigint NOT NULL CHECK (amount <> 0),
    reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    requested_by text NOT NULL,
    seq          bigint,
    requested_at timestamptz NOT NULL DEFAULT now(),
    applied_at   timestamptz
);

-- Program sub-ledger against the sponsor-bank master ledger: reconciliation sums accounts by program and kind.
CREATE INDEX accounts_program ON ledger.accounts (program_id, kind);

-- Which check found a discrepancy: `account` (authorizer against ledger) or `program` (sub-ledger against master).
ALTER TABLE ledger.discrepancies ADD COLUMN scope text NOT NULL DEFAULT 'account' CHECK (scope IN ('account', 'program'));
ALTER TABLE ledger.reconciliation_runs ADD COLUMN accounts integer, ADD COLUMN programs integer, ADD COLUMN trigger text;
