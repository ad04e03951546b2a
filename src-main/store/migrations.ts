// Versioned schema. Each entry runs once, in order, inside a transaction; `PRAGMA user_version` records the last.
// Never edit a shipped migration: add a new one.

export const MIGRATIONS: readonly string[] = [
  /* 1: library, files, analysis, tags, collections, keyword index */ `
  CREATE TABLE roots (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    added_at INTEGER NOT NULL
  );

  CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    folder TEXT NOT NULL,
    ext TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    quick_hash TEXT,
    format TEXT NOT NULL DEFAULT 'unknown',
    codec TEXT,
    duration REAL,
    sample_rate INTEGER,
    channels INTEGER,
    bit_depth INTEGER,
    status TEXT NOT NULL DEFAULT 'catalogued' CHECK (status IN ('catalogued', 'analysed', 'failed')),
    error_stage TEXT,
    error TEXT,
    analysis_key TEXT,
    analysed_at INTEGER,
    favourite INTEGER NOT NULL DEFAULT 0,
    seen_scan INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX files_root ON files(root_id);
  CREATE INDEX files_status ON files(status);
  CREATE INDEX files_quick_hash ON files(quick_hash);

  CREATE TABLE metadata (
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (file_id, key)
  ) WITHOUT ROWID;

  -- One row per analysed file: pooled model outputs and waveform peaks.
  CREATE TABLE analysis (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    model_id TEXT,
    probs BLOB,
    features BLOB,
    peaks BLOB,
    peaks_rate REAL
  );

  -- Long files: per-window tag probabilities so a result can say where in the file it matches.
  CREATE TABLE windows (
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start REAL NOT NULL,
    end REAL NOT NULL,
    probs BLOB NOT NULL,
    PRIMARY KEY (file_id, idx)
  ) WITHOUT ROWID;

  -- Joint embeddings of trained heads, one row per (file, model, kind).
  CREATE TABLE embeddings (
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    model_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (file_id, model_id, kind)
  ) WITHOUT ROWID;

  CREATE TABLE auto_tags (
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('audioset', 'ucs')),
    label TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (file_id, source, label)
  ) WITHOUT ROWID;

  CREATE TABLE user_tags (
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (file_id, tag)
  ) WITHOUT ROWID;

  CREATE TABLE collections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE collection_files (
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    PRIMARY KEY (collection_id, file_id)
  ) WITHOUT ROWID;

  -- Problems that have no file row: unreadable folders, files that vanished mid-scan.
  CREATE TABLE scan_problems (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    at INTEGER NOT NULL
  );

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  -- Keyword index: rowid = files.id. Kept in step by the store, not by triggers, because its text is assembled
  -- from several tables (name, folder, metadata, tags).
  CREATE VIRTUAL TABLE files_fts USING fts5(
    name, folder, meta, tags,
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '2 3'
  );
  `,
  /* 2: auto-captions (and a person's edits of them), UCS rename history for undo */ `
  -- One caption per file. description/keywords/cat_id are what the file is captioned with now: the suggestion, or a
  -- person's text (source 'person'), which a caption pass never replaces unless asked. suggested_* always hold
  -- Hark's own text so the UI can offer it beside a person's.
  CREATE TABLE captions (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    keywords TEXT NOT NULL,
    cat_id TEXT,
    cat_source TEXT CHECK (cat_source IN ('filename', 'metadata', 'model', 'person')),
    cat_confidence REAL,
    source TEXT NOT NULL CHECK (source IN ('auto', 'person')),
    suggested_description TEXT NOT NULL DEFAULT '',
    suggested_keywords TEXT NOT NULL DEFAULT '',
    suggested_cat_id TEXT,
    segment_start REAL,
    segment_end REAL,
    segment_score REAL,
    duration REAL,
    loop INTEGER,
    loop_score REAL,
    loudness_lufs REAL,
    peak_dbfs REAL,
    centroid_hz REAL,
    made_at INTEGER NOT NULL,
    written_at INTEGER
  );

  -- Every rename Hark made on disk, in batches, so a batch (or one rename) can be undone.
  CREATE TABLE renames (
    id INTEGER PRIMARY KEY,
    batch INTEGER NOT NULL,
    file_id INTEGER REFERENCES files(id) ON DELETE SET NULL,
    from_path TEXT NOT NULL,
    to_path TEXT NOT NULL,
    at INTEGER NOT NULL,
    undone_at INTEGER
  );
  CREATE INDEX renames_batch ON renames(batch);
  `,
  /* 3: the trained heads' per-file codes, one row per file */ `
  -- A rowid table keyed by file: with one row per (file, kind) in the WITHOUT ROWID table of migration 1, the 6 KB
  -- level codes overflowed its index pages, taking 18 KB a file and slowing every query of a large library.
  DROP TABLE embeddings;
  -- Files whose codes were in it are analysed again (their key names the heads).
  UPDATE files SET analysis_key = NULL WHERE analysis_key LIKE '%+hark-heads@%';
  CREATE TABLE heads_codes (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    model_id TEXT NOT NULL,
    ea BLOB NOT NULL,
    za BLOB NOT NULL,
    probs BLOB NOT NULL
  );
  `,
  /* 4: an analysis extension's per-file output (the trained heads' codes), under a name not tied to the heads */ `
  -- Still a rowid table keyed by file (see 3).
  CREATE TABLE extension_outputs (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    -- What made it: the extension and a hash of its weights (e.g. hark-heads@1a2b3c4d5e6f).
    extension_key TEXT NOT NULL,
    -- What the search's ANN shortlist indexes (float32).
    vector BLOB NOT NULL,
    -- Read only by the extension.
    data BLOB NOT NULL
  );
  -- The heads' codes as their extension stores them: the joint embedding is the vector, the level codes then the
  -- probabilities the data (|| joins the bytes as they are in a UTF-8 database; CAST makes them a blob again).
  INSERT INTO extension_outputs (file_id, extension_key, vector, data)
    SELECT file_id, model_id, ea, CAST(za || probs AS BLOB) FROM heads_codes;
  DROP TABLE heads_codes;
  `,
  /* 5: the keyword index gains a column of derived forms (stems, parts of run-together words, UCS words) */ `
  -- Its rows are rebuilt when the library is opened with a lexicon (store/keyword-index.ts useLexicon): the
  -- derived forms are computed in JavaScript, which a migration cannot call.
  DROP TABLE files_fts;
  CREATE VIRTUAL TABLE files_fts USING fts5(
    name, folder, meta, tags, derived,
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '2 3'
  );
  -- Document frequencies of terms, for the weight each query word carries.
  CREATE VIRTUAL TABLE files_fts_terms USING fts5vocab(files_fts, row);
  DELETE FROM settings WHERE key = 'note.keywordIndex';
  `,
  /* 6: every analysed file's version in an index of its own (follows 5, the keyword index's derived forms) */ `
  -- What the search's caches check against the library at each start (store/analysis-stamp.ts and
  -- analysedFileVersionList): read from this small index instead of the files table, whose rows lie scattered
  -- among the analysis blobs (at 200k files the two scans took ~0.4 s and mapped 240 MB of the file).
  CREATE INDEX files_analysed_versions ON files(status, id, analysed_at);
  `,
  /* 7: each file's decoded-audio hash, for exact duplicates, kept while the file's version stays */ `
  -- The hash of a file's decoded samples (channels, rate, samples at the native rate), so that a second
  -- "hark duplicates" decodes only files that are new or changed: a row counts only while size, mtime and quick
  -- hash still match the file's. A file that could not be decoded keeps its reason instead of a hash.
  CREATE TABLE audio_hashes (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    size INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    quick_hash TEXT,
    hash TEXT,
    error TEXT,
    made_at INTEGER NOT NULL
  );
  `,
  /* 8: a log of the files whose analysis changed, so that caches catch up by reading only what changed */ `
  -- Every write that adds, re-analyses or drops an analysed file appends its id here, whichever code path or
  -- process made it: the search's caches read the entries after the last they applied (store/analysis-changes.ts)
  -- instead of listing every file's version after each change (~100 ms at 100k files). Old entries are pruned; a
  -- reader that fell behind the oldest kept one lists the versions once instead.
  CREATE TABLE analysis_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, file_id INTEGER NOT NULL);
  CREATE TRIGGER files_analysis_added AFTER INSERT ON files WHEN NEW.status = 'analysed'
  BEGIN
    INSERT INTO analysis_changes (file_id) VALUES (NEW.id);
  END;
  CREATE TRIGGER files_analysis_changed AFTER UPDATE OF status, analysed_at ON files
  WHEN (OLD.status = 'analysed' OR NEW.status = 'analysed')
    AND (OLD.status IS NOT NEW.status OR OLD.analysed_at IS NOT NEW.analysed_at)
  BEGIN
    INSERT INTO analysis_changes (file_id) VALUES (NEW.id);
  END;
  CREATE TRIGGER files_analysis_removed AFTER DELETE ON files WHEN OLD.status = 'analysed'
  BEGIN
    INSERT INTO analysis_changes (file_id) VALUES (OLD.id);
  END;
  `,
  /* 9: no analysis rows for files that are not analysed (markFailed now drops them; earlier builds kept them) */ `
  DELETE FROM analysis WHERE file_id IN (SELECT id FROM files WHERE status != 'analysed');
  DELETE FROM windows WHERE file_id IN (SELECT id FROM files WHERE status != 'analysed');
  DELETE FROM extension_outputs WHERE file_id IN (SELECT id FROM files WHERE status != 'analysed');
  DELETE FROM auto_tags WHERE file_id IN (SELECT id FROM files WHERE status != 'analysed');
  `,
  /* 10: every write Hark made into a file's tags, with what the fields held before, so it can be undone */ `
  -- One row per file written: a caption pass with --write is one batch, a person's edit another. before/after are
  -- JSON objects of the fields written (description, keywords, catId, category, subCategory; '' = absent);
  -- caption_before is the file's caption record as it was (JSON, null when it had none), put back on undo.
  CREATE TABLE metadata_writes (
    id INTEGER PRIMARY KEY,
    batch INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('caption', 'edit')),
    file_id INTEGER REFERENCES files(id) ON DELETE SET NULL,
    path TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    caption_before TEXT,
    at INTEGER NOT NULL,
    undone_at INTEGER
  );
  CREATE INDEX metadata_writes_batches ON metadata_writes(batch);
  `,
  /* 11: a seat's tag edits waiting for the shared catalogue's server (offline, they wait here) */ `
  -- In the order they were made; edit_id lets the server take each edit once however often it is sent (a crash
  -- between the server's commit and this row's deletion sends it again).
  CREATE TABLE shared_outbox (
    id INTEGER PRIMARY KEY,
    edit_id TEXT NOT NULL UNIQUE,
    root_id INTEGER NOT NULL,
    rel_path TEXT NOT NULL,
    added TEXT NOT NULL,
    removed TEXT NOT NULL,
    made_at INTEGER NOT NULL
  );
  `,
  /* 12: favourites and collections wait in the same queue as tag edits (kind 'favourite': favourite 1 or 0;
     kind 'collections': the collection names joined and left, in added/removed) */ `
  ALTER TABLE shared_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'tags'
    CHECK (kind IN ('tags', 'favourite', 'collections'));
  ALTER TABLE shared_outbox ADD COLUMN favourite INTEGER;
  `,
  /* 13: a person's captions and categories wait in the same queue (kinds 'caption', 'category': the caption or
     category as the edit left it, as JSON in payload; null when it cleared it). SQLite cannot change a CHECK: the
     table is made again with its rows. */ `
  CREATE TABLE shared_outbox_13 (
    id INTEGER PRIMARY KEY,
    edit_id TEXT NOT NULL UNIQUE,
    root_id INTEGER NOT NULL,
    rel_path TEXT NOT NULL,
    added TEXT NOT NULL,
    removed TEXT NOT NULL,
    made_at INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'tags' CHECK (kind IN ('tags', 'favourite', 'collections', 'caption', 'category')),
    favourite INTEGER,
    payload TEXT
  );
  INSERT INTO shared_outbox_13 (id, edit_id, root_id, rel_path, added, removed, made_at, kind, favourite)
    SELECT id, edit_id, root_id, rel_path, added, removed, made_at, kind, favourite FROM shared_outbox;
  DROP TABLE shared_outbox;
  ALTER TABLE shared_outbox_13 RENAME TO shared_outbox;
  `,
  /* 14: how many files the library holds, kept by triggers: every keyword search reads it (its words' IDF), and
     counting a million rows cost ~10 ms of the first search after any change (another connection's write drops a
     connection's page cache). No statement replaces a files row (INSERT OR REPLACE would skip the delete trigger). */ `
  CREATE TABLE file_count (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
  INSERT INTO file_count (id, n) SELECT 1, count(*) FROM files;
  CREATE TRIGGER file_count_added AFTER INSERT ON files BEGIN UPDATE file_count SET n = n + 1 WHERE id = 1; END;
  CREATE TRIGGER file_count_removed AFTER DELETE ON files BEGIN UPDATE file_count SET n = n - 1 WHERE id = 1; END;
  `,
  /* 15: what happened to shared files waits in the same queue, in order with their other edits. Kind 'move' (Hark's
     renames, a pass's moves): the path below the root it moved to, as JSON in payload, so the server's row, its
     results and tags follow the file instead of a pass registering the new name as a new file. Kind 'remove': a pass
     saw the file go. Kind 'rewrite': Hark wrote the file's tags (the audio bit-identical), its size and quick hash
     before and after as JSON, so the server keeps its analysis instead of owing the file a new one. The table is
     made again for its CHECK. */ `
  CREATE TABLE shared_outbox_15 (
    id INTEGER PRIMARY KEY,
    edit_id TEXT NOT NULL UNIQUE,
    root_id INTEGER NOT NULL,
    rel_path TEXT NOT NULL,
    added TEXT NOT NULL,
    removed TEXT NOT NULL,
    made_at INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'tags'
      CHECK (kind IN ('tags', 'favourite', 'collections', 'caption', 'category', 'move', 'remove', 'rewrite')),
    favourite INTEGER,
    payload TEXT
  );
  INSERT INTO shared_outbox_15 (id, edit_id, root_id, rel_path, added, removed, made_at, kind, favourite, payload)
    SELECT id, edit_id, root_id, rel_path, added, removed, made_at, kind, favourite, payload FROM shared_outbox;
  DROP TABLE shared_outbox;
  ALTER TABLE shared_outbox_15 RENAME TO shared_outbox;
  `,
];
