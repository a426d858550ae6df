-- Audit entries cannot be edited or deleted by the application; retention clean-up runs as the owner.
REVOKE UPDATE, DELETE ON audit_logs FROM kehu_app;
