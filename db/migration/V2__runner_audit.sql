-- The runner's own table, apart from the application's schema in V1: a database that another
-- tool created is adopted with --baseline-version 1 (its tables stand in for V1), and this
-- migration then still gives it the audit trail that every changing task writes to.
-- ---------------------------------------------------------------------------------------
-- runner_audit: one row per run of a changing task, whatever its outcome (CONTRACT.md, "Tasks")
-- ---------------------------------------------------------------------------------------
create table runner_audit (
    id          bigint generated always as identity primary key,
    task        text        not null,
    parameters  jsonb       not null default '{}',
    dry_run     boolean     not null default false,
    -- Free text on purpose (e.g. running, succeeded, failed, refused, noop).
    status      text        not null,
    counts      jsonb       not null default '{}',
    started_at  timestamptz not null default now(),
    finished_at timestamptz,
    build_id    text,
    initiator   text,
    error       text
);

create index runner_audit_task_started_at_idx on runner_audit (task, started_at);
