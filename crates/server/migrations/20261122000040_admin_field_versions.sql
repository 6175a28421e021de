-- Members and tenant settings become editable offline, through sync pushes merged per
-- field as leads are. `field_versions` maps each field a write set (a member's `role`
-- and `status`; a top-level settings field) to the version and device that wrote it
-- last, so a push made on an older copy can tell which values it overwrites.
ALTER TABLE users
    ADD COLUMN field_versions jsonb NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(field_versions) = 'object');
ALTER TABLE tenant_settings
    ADD COLUMN field_versions jsonb NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(field_versions) = 'object');
