-- A registration that was never verified must not hold its e-mail and mobile forever: once its verification
-- link has expired (24 hours), anyone may use them again. Like kehu_identifiers_taken this crosses
-- organisations, so it runs as the owner and touches only identifiers of such stale registrations.
CREATE FUNCTION kehu_release_stale_identifiers(p_email text, p_mobile text)
RETURNS void
LANGUAGE sql
VOLATILE
SECURITY DEFINER
SET search_path = public
AS $$
  DELETE FROM account_identifiers ai
   USING users u
   WHERE u.org_id = ai.org_id
     AND u.id = ai.user_id
     AND u.status = 'unverified'
     AND u.created_at < now() - interval '24 hours'
     AND ((ai.kind = 'email' AND ai.value = p_email) OR (ai.kind = 'mobile' AND ai.value = p_mobile))
$$;
