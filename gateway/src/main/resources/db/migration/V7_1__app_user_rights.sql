-- Least privilege (docs/security.md, "Database users"): migrations run as the schema owner
-- (spring.flyway.user, HOSPAY_FLYWAY_USER); the application's pool connects as ${app_user}
-- (HOSPAY_DB_USER), which gets data rights only: no DDL, no TRUNCATE, and on the audit trail only
-- SELECT and INSERT. Tables and sequences later migrations create get the same rights (default
-- privileges of the owner). When both are the same user (demo mode), there is nothing to grant.
DO $$
BEGIN
    IF '${app_user}' <> current_user THEN
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', '${app_user}');
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', '${app_user}');
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', '${app_user}');
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', '${app_user}');
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', '${app_user}');
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM %I', '${app_user}');
        EXECUTE format('REVOKE ALL ON flyway_schema_history FROM %I', '${app_user}');
    END IF;
END
$$;
