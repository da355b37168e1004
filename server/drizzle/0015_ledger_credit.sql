-- The ledger's one crediting step (server/src/modules/ledger/ledger.service.ts `ledger.credit`), in one
-- round trip: lock the holder's account (making it when missing), append the line under its source
-- key (the idempotency key), and move the balance with the community's threshold read for the
-- certificate. A source key already used is not an error here: the first line comes back with
-- dup = true and the caller compares its fields (the same → the first result; different → refused
-- as ledger.idempotency_conflict). ON CONFLICT DO NOTHING also absorbs a concurrent duplicate: the
-- second transaction waits for the first on the account lock, then finds its committed line.
CREATE FUNCTION ledger_credit(
  p_account integer, p_community integer, p_amount integer, p_minutes integer, p_kind ledger_kind,
  p_reason text, p_source_type ledger_source, p_source_id integer, p_activity integer,
  p_caused_by integer, p_now timestamptz)
RETURNS TABLE (
  dup boolean, line_id bigint, line_account integer, line_community integer, line_amount integer,
  line_minutes integer, line_kind ledger_kind, line_reason text, line_activity integer,
  line_caused_by integer, line_balance_after integer, acc_balance integer,
  acc_lifetime_earned integer, acc_lifetime_minutes integer, acc_community integer, threshold integer)
AS $$
DECLARE
  acc accounts%ROWTYPE;
  e ledger_entries%ROWTYPE;
  t integer;
BEGIN
  IF p_amount = 0 AND p_minutes = 0 THEN
    RAISE EXCEPTION 'a ledger line must move points or minutes' USING ERRCODE = '23514';
  END IF;
  SELECT * INTO acc FROM accounts WHERE user_id = p_account FOR UPDATE;
  IF NOT FOUND THEN
    -- Volunteers get their account at sign-up; a first line for anyone else makes it here.
    INSERT INTO accounts (user_id, community_id) VALUES (p_account, p_community) ON CONFLICT DO NOTHING;
    SELECT * INTO acc FROM accounts WHERE user_id = p_account FOR UPDATE;
  END IF;
  INSERT INTO ledger_entries (account_id, community_id, amount, minutes, kind, reason, source_type,
                              source_id, source_key, activity_id, caused_by, balance_after, created_at)
  VALUES (p_account, p_community, p_amount, p_minutes, p_kind, p_reason, p_source_type, p_source_id,
          p_source_type::text || ':' || p_source_id::text, p_activity, p_caused_by,
          acc.balance + p_amount, p_now)
  ON CONFLICT (source_key) DO NOTHING
  RETURNING * INTO e;
  IF NOT FOUND THEN
    SELECT * INTO e FROM ledger_entries WHERE source_key = p_source_type::text || ':' || p_source_id::text;
    RETURN QUERY SELECT true, e.id, e.account_id, e.community_id, e.amount, e.minutes, e.kind, e.reason,
      e.activity_id, e.caused_by, e.balance_after, acc.balance, acc.lifetime_earned, acc.lifetime_minutes,
      acc.community_id, NULL::integer;
    RETURN;
  END IF;
  UPDATE accounts a
     SET balance = a.balance + p_amount,
         lifetime_earned = a.lifetime_earned + p_amount,
         lifetime_minutes = a.lifetime_minutes + p_minutes,
         updated_at = p_now
   WHERE a.user_id = p_account
  RETURNING a.* INTO acc;
  SELECT c.certificate_threshold INTO t FROM communities c WHERE c.id = acc.community_id;
  RETURN QUERY SELECT false, e.id, e.account_id, e.community_id, e.amount, e.minutes, e.kind, e.reason,
    e.activity_id, e.caused_by, e.balance_after, acc.balance, acc.lifetime_earned, acc.lifetime_minutes,
    acc.community_id, t;
END
$$ LANGUAGE plpgsql;
