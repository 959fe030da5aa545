-- Seed: reference organizations and their standard roles.
--
-- Idempotent: every statement is a single INSERT ... SELECT ... WHERE NOT EXISTS, so a
-- second run inserts 0 rows and changes nothing. organizations.name is deliberately not
-- unique in the schema (backfill-member-role must be able to report ambiguous names), so
-- there is no ON CONFLICT target; an organization counts as present when a row with the
-- same name exists, and a role counts as present when its organization already has a role
-- with the same title_en (any case), whoever created it. Rows that operators added or
-- edited are never updated or deleted here.
--
-- The runner applies the seed files in name order inside one transaction while holding
-- the seed task's advisory lock, so the NOT EXISTS checks cannot race with another seed.

-- 1/3  table organizations: top-level public bodies
insert into organizations (name, name_en)
select v.name, v.name_en
from (values
    ('مجلس شورای اسلامی',                     'Islamic Consultative Assembly'),
    ('وزارت امور خارجه',                       'Ministry of Foreign Affairs'),
    ('وزارت کشور',                             'Ministry of Interior'),
    ('وزارت امور اقتصادی و دارایی',            'Ministry of Economic Affairs and Finance'),
    ('وزارت بهداشت، درمان و آموزش پزشکی',     'Ministry of Health and Medical Education'),
    ('وزارت آموزش و پرورش',                    'Ministry of Education'),
    ('شورای اسلامی شهر تهران',                 'Tehran City Council')
) as v (name, name_en)
where not exists (select 1 from organizations o where o.name = v.name);

-- 2/3  table organizations: bodies under a parent seeded above
insert into organizations (name, name_en, parent_id)
select v.name, v.name_en, p.id
from (values
    ('مرکز پژوهش‌های مجلس شورای اسلامی', 'Islamic Parliament Research Center', 'مجلس شورای اسلامی')
) as v (name, name_en, parent_name)
cross join lateral (
    select o.id from organizations o where o.name = v.parent_name order by o.id limit 1
) as p
where not exists (select 1 from organizations o where o.name = v.name);

-- 3/3  table roles: a Member and a Head role for each seeded organization
insert into roles (organization_id, title, title_en)
select o.id, r.title, r.title_en
from organizations o
join (values
    ('مجلس شورای اسلامی'),
    ('وزارت امور خارجه'),
    ('وزارت کشور'),
    ('وزارت امور اقتصادی و دارایی'),
    ('وزارت بهداشت، درمان و آموزش پزشکی'),
    ('وزارت آموزش و پرورش'),
    ('شورای اسلامی شهر تهران'),
    ('مرکز پژوهش‌های مجلس شورای اسلامی')
) as s (name) on o.name = s.name
cross join (values
    ('عضو',  'Member'),
    ('رئیس', 'Head')
) as r (title, title_en)
where not exists (
    select 1 from roles x
    where x.organization_id = o.id and lower(x.title_en) = lower(r.title_en)
)
order by o.id, r.title_en desc
-- A Member role that a concurrent backfill-member-role created in the meantime wins
-- (roles_one_member_per_organization).
on conflict do nothing;
