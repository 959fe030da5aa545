-- V1: initial schema for db-runner (see CONTRACT.md, "Schema").
--
-- Rules used throughout:
--   * ids are bigint identity columns; times are timestamptz.
--   * Only the columns the contract names as required are NOT NULL; everything else is
--     nullable or has a default, so a row can be written with just the required columns.
--   * Every foreign key states its ON DELETE rule (none is left at the default NO ACTION).
--     Deleting a user cascades to what the user owns (sessions, votes cast, reports
--     submitted, and through reports their votes and media) and sets NULL on the
--     "created by" / "uploaded by" references of shared data, which is kept.
--   * Every referencing column has an index, so cascades, SET NULLs and RESTRICT checks
--     do not scan whole tables.

-- ---------------------------------------------------------------------------------------
-- users
-- ---------------------------------------------------------------------------------------
create table users (
    id           bigint generated always as identity primary key,
    email        text        not null,
    username     text,
    display_name text,
    created_at   timestamptz not null default now()
);

-- One account per address, whatever its case.
create unique index users_email_lower_key on users (lower(email));
-- cleanup-test-users matches lower(email) LIKE 'prefix%'; the unique index above uses the
-- database collation and cannot serve LIKE prefixes unless the collation is C.
create index users_email_lower_pattern_idx on users (lower(email) text_pattern_ops);
-- cleanup-test-users --older-than
create index users_created_at_idx on users (created_at);

-- ---------------------------------------------------------------------------------------
-- sessions
-- ---------------------------------------------------------------------------------------
create table sessions (
    id         bigint generated always as identity primary key,
    user_id    bigint      not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz
);

create index sessions_user_id_idx on sessions (user_id);

-- ---------------------------------------------------------------------------------------
-- organizations
-- ---------------------------------------------------------------------------------------
create table organizations (
    id                 bigint generated always as identity primary key,
    -- Deliberately not unique: backfill-member-role must be able to report an ambiguous name.
    name               text        not null,
    name_en            text,
    -- RESTRICT: removing a parent must be a deliberate act. CASCADE would silently delete
    -- whole sub-trees with their roles; SET NULL would silently re-parent sub-organizations
    -- to the top level. Move or delete the children first.
    parent_id          bigint      references organizations (id) on delete restrict,
    created_by_user_id bigint      references users (id) on delete set null,
    created_at         timestamptz not null default now()
);

create index organizations_parent_id_idx on organizations (parent_id);
create index organizations_created_by_user_id_idx on organizations (created_by_user_id);
-- backfill-member-role --organization-name (exact match on name or name_en)
create index organizations_name_idx on organizations (name);
create index organizations_name_en_idx on organizations (name_en);

-- ---------------------------------------------------------------------------------------
-- roles
-- ---------------------------------------------------------------------------------------
create table roles (
    id                 bigint generated always as identity primary key,
    -- CASCADE: a role is part of its organization and means nothing without it. Roles that
    -- anyone ever occupied are still protected: role_occupancy.role_id is RESTRICT, so
    -- deleting an organization whose roles have occupancy history fails as a whole.
    organization_id    bigint      not null references organizations (id) on delete cascade,
    title              text        not null,
    title_en           text,
    created_by_user_id bigint      references users (id) on delete set null,
    created_at         timestamptz not null default now()
);

-- Serves the FK on organization_id and the Member-role lookup
-- (organization_id = ? and lower(title_en) = 'member').
create index roles_organization_id_title_en_idx on roles (organization_id, lower(title_en));
-- At most one Member role per organization, in any case: backfill-member-role creates it when it
-- is missing, and this index makes "find it, else create it" safe against any concurrent writer.
create unique index roles_one_member_per_organization on roles (organization_id)
    where lower(title_en) = 'member';
create index roles_created_by_user_id_idx on roles (created_by_user_id);

-- ---------------------------------------------------------------------------------------
-- individuals
-- ---------------------------------------------------------------------------------------
create table individuals (
    id                 bigint generated always as identity primary key,
    full_name          text        not null,
    full_name_en       text,
    created_by_user_id bigint      references users (id) on delete set null,
    created_at         timestamptz not null default now()
);

create index individuals_created_by_user_id_idx on individuals (created_by_user_id);
-- backfill-member-role: latest individual (newest created_at, then highest id)
create index individuals_created_at_id_idx on individuals (created_at desc, id desc);

-- ---------------------------------------------------------------------------------------
-- role_occupancy
-- ---------------------------------------------------------------------------------------
create table role_occupancy (
    id                 bigint generated always as identity primary key,
    -- CASCADE: an occupancy is a fact about the individual; when the individual record is
    -- removed (duplicate, erroneous entry, erasure request) its occupancies go with it.
    individual_id      bigint      not null references individuals (id) on delete cascade,
    -- RESTRICT: occupancy history must not vanish because a role was deleted; end or move
    -- the occupancies first.
    role_id            bigint      not null references roles (id) on delete restrict,
    start_date         date                 default current_date,
    end_date           date,
    created_by_user_id bigint      references users (id) on delete set null,
    created_at         timestamptz not null default now(),
    constraint role_occupancy_dates_check
        check (end_date is null or start_date is null or end_date >= start_date)
);

-- Serves the FK on individual_id (cascade) and "individuals with no occupancy at all".
create index role_occupancy_individual_id_role_id_idx on role_occupancy (individual_id, role_id);
create index role_occupancy_role_id_idx on role_occupancy (role_id);
create index role_occupancy_created_by_user_id_idx on role_occupancy (created_by_user_id);
-- At most one OPEN occupancy of a role per individual: concurrent backfills cannot give
-- one individual the same role twice.
create unique index role_occupancy_open_key
    on role_occupancy (individual_id, role_id)
    where end_date is null;

-- ---------------------------------------------------------------------------------------
-- reports
-- ---------------------------------------------------------------------------------------
create table reports (
    id                   bigint generated always as identity primary key,
    -- CASCADE: a user's submitted reports are deleted with the user (contract).
    submitted_by_user_id bigint      references users (id) on delete cascade,
    -- SET NULL: a report is user-submitted content with its own votes and media; it is kept
    -- when the individual record it was about is removed.
    individual_id        bigint      references individuals (id) on delete set null,
    title                text,
    content              text,
    created_at           timestamptz not null default now()
);

create index reports_submitted_by_user_id_idx on reports (submitted_by_user_id);
create index reports_individual_id_idx on reports (individual_id);

-- ---------------------------------------------------------------------------------------
-- votes
-- ---------------------------------------------------------------------------------------
create table votes (
    id         bigint generated always as identity primary key,
    -- CASCADE: a vote means nothing without its report.
    report_id  bigint      not null references reports (id) on delete cascade,
    -- CASCADE: votes a user cast are deleted with the user (contract).
    user_id    bigint      not null references users (id) on delete cascade,
    value      smallint             default 1 check (value in (-1, 1)),
    created_at timestamptz not null default now(),
    -- One vote per user and report; also serves the FK on report_id.
    constraint votes_report_id_user_id_key unique (report_id, user_id)
);

create index votes_user_id_idx on votes (user_id);

-- ---------------------------------------------------------------------------------------
-- media
-- ---------------------------------------------------------------------------------------
create table media (
    id                  bigint generated always as identity primary key,
    -- CASCADE: media are attachments of their report and go with it.
    report_id           bigint      not null references reports (id) on delete cascade,
    -- SET NULL: media someone uploaded to another user's report stay with that report.
    uploaded_by_user_id bigint      references users (id) on delete set null,
    storage_key         text,
    created_at          timestamptz not null default now()
);

create index media_report_id_idx on media (report_id);
create index media_uploaded_by_user_id_idx on media (uploaded_by_user_id);
