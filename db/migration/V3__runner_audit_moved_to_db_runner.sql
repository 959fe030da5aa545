-- The runner keeps its audit trail in its own schema now (db_runner.audit, db/runner), so the
-- application's schema holds only the application's tables. V2 stays as it was applied (its
-- checksum is in every history); this drops the table it made. Before any changing task the
-- runner moves that table's rows into db_runner.audit and drops it, so here it is either gone or
-- empty (a fresh database that V2 just gave it). Rows still in it were never moved (a run with
-- --no-audit): refuse rather than lose them.
do $$
begin
    if to_regclass('runner_audit') is not null then
        if exists (select 1 from runner_audit) then
            raise exception 'runner_audit still holds rows that db_runner.audit has not taken over: run migrate'
                ' without --no-audit, which moves them before it migrates';
        end if;
        drop table runner_audit;
    end if;
end
$$;
