-- The chatbot's knowledge base (issue 14). An item holds its current draft (core's
-- KbDraft as jsonb); publishing copies the draft into an immutable version (the API's
-- role may not UPDATE kb_versions) and replaces the item's chunks with the chunks of
-- that version. Only the live version of a published item has chunks, so the chatbot's
-- search reads kb_chunks alone and can never reach a draft or an unpublished item.
CREATE TABLE kb_items (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('document', 'qa', 'web_page')),
    draft         jsonb NOT NULL,
    -- The version the chatbot answers from; null while never published or unpublished.
    live_version  uuid,
    updated_by    uuid NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, updated_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX kb_items_tenant_version ON kb_items (tenant_id, version, id);
SELECT brokerdesk_tenant_table('kb_items');
GRANT SELECT, INSERT, DELETE ON kb_items TO brokerdesk_app;
GRANT UPDATE (draft, live_version, updated_by, updated_at, version) ON kb_items TO brokerdesk_app;

-- Published versions: who published what, when, and why. Never updated.
CREATE TABLE kb_versions (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL,
    item_id       uuid NOT NULL,
    number        integer NOT NULL CHECK (number > 0),
    draft         jsonb NOT NULL,
    published_by  uuid NOT NULL,
    published_at  timestamptz NOT NULL DEFAULT now(),
    note          text NOT NULL,
    version       bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, item_id, number),
    FOREIGN KEY (tenant_id, item_id) REFERENCES kb_items (tenant_id, id),
    FOREIGN KEY (tenant_id, published_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX kb_versions_tenant_version ON kb_versions (tenant_id, version, id);
SELECT brokerdesk_tenant_table('kb_versions');
-- DELETE only for deleting the whole item (a tombstone for each version goes with it).
GRANT SELECT, INSERT, DELETE ON kb_versions TO brokerdesk_app;
ALTER TABLE kb_items ADD FOREIGN KEY (tenant_id, live_version) REFERENCES kb_versions (tenant_id, id);

-- The chunks of each item's live version (core's chunker), with what the chatbot gets
-- (title, heading path, text) and what it is found by. `search` weighs the title and a
-- Q&A pair's questions (A) over headings (B) over the text (C); `match_text` is the
-- short text trigram similarity compares a question with, so a misspelt question still
-- finds its title or Q&A question. Tags and collection are copied from the version for
-- the search's filters.
CREATE TABLE kb_chunks (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    id             uuid NOT NULL,
    item_id        uuid NOT NULL,
    version_id     uuid NOT NULL,
    ordinal        integer NOT NULL,
    title          text NOT NULL,
    heading_path   text[] NOT NULL DEFAULT '{}',
    headings       text NOT NULL DEFAULT '',
    questions      text NOT NULL DEFAULT '',
    body           text NOT NULL,
    start_char     integer NOT NULL DEFAULT 0,
    content_start  integer NOT NULL DEFAULT 0,
    end_char       integer NOT NULL DEFAULT 0,
    tags           text[] NOT NULL DEFAULT '{}',
    collection     text,
    version        bigint NOT NULL,
    search         tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title || ' ' || questions), 'A')
        || setweight(to_tsvector('english'::regconfig, headings), 'B')
        || setweight(to_tsvector('english'::regconfig, body), 'C')
    ) STORED,
    match_text     text GENERATED ALWAYS AS (lower(title || ' ' || questions || ' ' || headings)) STORED,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, version_id) REFERENCES kb_versions (tenant_id, id),
    FOREIGN KEY (tenant_id, item_id) REFERENCES kb_items (tenant_id, id)
);
CREATE INDEX kb_chunks_tenant_version ON kb_chunks (tenant_id, version, id);
CREATE INDEX kb_chunks_item ON kb_chunks (tenant_id, item_id);
-- tenant_id leads both (btree_gin), so a tenant's search reads only its own entries.
CREATE INDEX kb_chunks_search ON kb_chunks USING gin (tenant_id, search);
CREATE INDEX kb_chunks_match_text ON kb_chunks USING gin (tenant_id, match_text gin_trgm_ops);
SELECT brokerdesk_tenant_table('kb_chunks');
GRANT SELECT, INSERT, DELETE ON kb_chunks TO brokerdesk_app;

-- Original uploaded files, kept as sent; their sizes count against the plan's storage.
CREATE TABLE kb_files (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL,
    item_id       uuid NOT NULL,
    name          text NOT NULL,
    media_type    text NOT NULL,
    size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
    sha256        text NOT NULL,
    content       bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, item_id) REFERENCES kb_items (tenant_id, id)
);
CREATE INDEX kb_files_item ON kb_files (tenant_id, item_id);
SELECT brokerdesk_tenant_table('kb_files');
GRANT SELECT, INSERT, DELETE ON kb_files TO brokerdesk_app;

-- Questions the chatbot could not answer or got a thumbs-down for, one row a report,
-- grouped by core's `grouping_key`. "Answer this" links the group to the Q&A draft.
CREATE TABLE kb_unanswered (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL,
    group_key     text NOT NULL,
    question      text NOT NULL,
    reason        text NOT NULL CHECK (reason IN ('no_answer', 'thumbs_down')),
    asked_at      timestamptz NOT NULL DEFAULT now(),
    answered_by   uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, answered_by) REFERENCES kb_items (tenant_id, id) ON DELETE SET NULL (answered_by)
);
CREATE INDEX kb_unanswered_open ON kb_unanswered (tenant_id, group_key) WHERE answered_by IS NULL;
SELECT brokerdesk_tenant_table('kb_unanswered');
GRANT SELECT, INSERT ON kb_unanswered TO brokerdesk_app;
GRANT UPDATE (answered_by) ON kb_unanswered TO brokerdesk_app;
