-- The claim token of the deliverer that holds an outbox row (services/outbox.ts). Set when a
-- batch is claimed; the sent/failed updates and the per-row re-check before sending only
-- succeed while the row still carries the same token, so a deliverer whose claim expired and
-- was taken over by another never sends (or records) the row a second time.
alter table outbox add column claim_id text;
