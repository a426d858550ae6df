-- The application runs tenant queries as kehu_app, a role without superuser or table ownership, so that the
-- row-level-security policies apply to it. An administrator may create the role beforehand; otherwise the
-- migrating user needs CREATEROLE.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kehu_app') THEN
    CREATE ROLE kehu_app NOLOGIN;
  END IF;
  IF NOT pg_has_role(current_user, 'kehu_app', 'MEMBER') THEN
    EXECUTE format('GRANT kehu_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO kehu_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO kehu_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO kehu_app;
