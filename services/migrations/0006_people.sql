-- People and the audit log (issue 9).
--
-- 1. A bulk action (a roster import) writes one audit row per object sharing one batch id.
-- 2. The serving database role does not own the tables. This migration runs as the migration
--    role (MIGRATION_DATABASE_URL, the tables' owner) and creates the group role `kic_app`
--    (no login). Production serves as a login role that is a member of it:
--      create role kic_web login password '…' in role kic_app;
--    `kic_app` may read and write the tables but only select and insert the audit log; not being
--    the owner it cannot truncate, alter (disable triggers) or drop anything.
-- Roles are per cluster, so the role is created only when missing (tests migrate many databases
-- of one server at once). PGlite has one user; the grants there are harmless.

alter table audit_log add column batch_id text;
create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_actor_idx on audit_log (actor_id, at desc);
create index audit_log_object_idx on audit_log (object_type, object_id);
create index audit_log_batch_idx on audit_log (batch_id) where batch_id is not null;

-- Employee search (name, login, employee number, department) and the spouse look-up.
create index accounts_spouse_idx on accounts (spouse_employee_no);

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'kic_app') then
    begin
      create role kic_app nologin;
    exception when duplicate_object or unique_violation then
      null; -- another database of this cluster migrated at the same moment
    end;
  end if;
end
$$;

grant usage on schema public to kic_app;
grant select, insert, update, delete on all tables in schema public to kic_app;
grant usage, select, update on all sequences in schema public to kic_app;
revoke update, delete, truncate, references, trigger on audit_log from kic_app;
revoke insert, update, delete, truncate on schema_migrations from kic_app;
-- Tables and sequences that later migrations create (as this same migration role).
alter default privileges in schema public
  grant select, insert, update, delete on tables to kic_app;
alter default privileges in schema public
  grant usage, select, update on sequences to kic_app;
