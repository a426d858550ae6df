-- E-mail and mobile are unique across organisations, but row-level security hides other organisations' rows
-- from kehu_app. This function answers only "which of these are taken", never whose they are.
CREATE FUNCTION kehu_identifiers_taken(p_email text, p_mobile text, p_except_user uuid)
RETURNS text[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT coalesce(array_agg(kind ORDER BY kind), '{}')
  FROM account_identifiers
  WHERE ((kind = 'email' AND value = p_email) OR (kind = 'mobile' AND value = p_mobile))
    AND user_id IS DISTINCT FROM p_except_user
$$;
