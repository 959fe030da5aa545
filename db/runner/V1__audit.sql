-- The runner's own schema, versioned by its own history (db_runner.flyway_schema_history) apart
-- from the application's migrations, so that it exists whatever migrations a project uses.
-- ---------------------------------------------------------------------------------------
-- db_runner.audit: one row per run of a changing task, whatever its outcome. The columns are
-- those of the old public.runner_audit (db/migration/V2), whose rows the runner moves here.
-- ---------------------------------------------------------------------------------------
create table db_runner.audit (
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

create index audit_task_started_at_idx on db_runner.audit (task, started_at);
