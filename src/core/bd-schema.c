/* bd-schema.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-schema"

#include "config.h"

#include "bd-default-templates.h"
#include "bd-schema.h"

/* sort_name is the name folded for sorting ("Émile" sorts as "emile"),
 * kept by the import: SQLite's NOCASE knows only ASCII, and a collation
 * function called a million times per sort would be too slow. */

/* Every row a person can create or change carries the same columns: a uuid
 * (its identity across machines), times in UTC ISO 8601, a tombstone, and the
 * sync columns. The integer id is for local joins only and never leaves the
 * machine. */
#define SYNC_COLUMNS_NO_UUID_INDEX \
  "  uuid TEXT NOT NULL," \
  "  created_at TEXT NOT NULL," \
  "  updated_at TEXT NOT NULL," \
  "  deleted INTEGER NOT NULL DEFAULT 0," \
  "  rev TEXT," \
  "  dirty INTEGER NOT NULL DEFAULT 1"
#define SYNC_COLUMNS \
  "  uuid TEXT NOT NULL UNIQUE," \
  "  created_at TEXT NOT NULL," \
  "  updated_at TEXT NOT NULL," \
  "  deleted INTEGER NOT NULL DEFAULT 0," \
  "  rev TEXT," \
  "  dirty INTEGER NOT NULL DEFAULT 1"

/* columnsize = 0: no table of token counts per row, which only ranking
 * (bm25) reads and searches here never rank; building it was half the
 * time of indexing 570,000 order references. */
#define FTS_TOKENS "tokenize = 'unicode61 remove_diacritics 2', columnsize = 0"
#define FTS_OPTIONS FTS_TOKENS ", prefix = '2 3'"

static const char migration_1[] =
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "INSERT INTO settings (key, value) VALUES ('default_currency', 'USD');"

  "CREATE TABLE suppliers ("
  "  id INTEGER PRIMARY KEY,"
  "  ref TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  email TEXT,"
  "  phone TEXT,"
  "  lead_time_days INTEGER,"
  "  minimum_order INTEGER,"
  SYNC_COLUMNS ");"

  "CREATE TABLE products ("
  "  id INTEGER PRIMARY KEY,"
  "  sku TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  sort_name TEXT NOT NULL DEFAULT '',"
  "  on_hand INTEGER NOT NULL DEFAULT 0,"
  "  reorder_point INTEGER NOT NULL DEFAULT 0,"
  "  safety_stock INTEGER NOT NULL DEFAULT 0,"
  "  pack_size INTEGER NOT NULL DEFAULT 1,"
  SYNC_COLUMNS ");"

  "CREATE TABLE product_suppliers ("
  "  id INTEGER PRIMARY KEY,"
  "  product_id INTEGER NOT NULL REFERENCES products (id),"
  "  supplier_id INTEGER NOT NULL REFERENCES suppliers (id),"
  "  unit_cost INTEGER,"
  "  currency TEXT,"
  "  lead_time_days INTEGER,"
  "  moq INTEGER,"
  "  preferred INTEGER NOT NULL DEFAULT 0,"
  SYNC_COLUMNS ","
  "  UNIQUE (product_id, supplier_id)"
  ");"
  "CREATE INDEX product_suppliers_supplier ON product_suppliers (supplier_id);"

  "CREATE TABLE customers ("
  "  id INTEGER PRIMARY KEY,"
  "  ref TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  sort_name TEXT NOT NULL DEFAULT '',"
  "  email TEXT,"
  SYNC_COLUMNS ");"

  /* The unique keys of orders and order lines are indexes of their own,
   * not constraints in the table, so that an import into an empty table can
   * drop them and build them again from the sorted rows at its end: 40%
   * faster for a million lines (bd-import.c, bulk_begin()). */
  "CREATE TABLE orders ("
  "  id INTEGER PRIMARY KEY,"
  "  ref TEXT NOT NULL,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  ordered_at TEXT NOT NULL,"
  "  currency TEXT NOT NULL,"
  SYNC_COLUMNS_NO_UUID_INDEX ");"
  "CREATE UNIQUE INDEX orders_ref ON orders (ref);"
  "CREATE UNIQUE INDEX orders_uuid ON orders (uuid);"

  /* customer_id and ordered_at repeat the order's so that the queue filters
   * and sorts a million lines without a join (DESIGN.md, Large lists). The
   * import and nothing else writes them, always together with the order. */
  "CREATE TABLE order_lines ("
  "  id INTEGER PRIMARY KEY,"
  "  order_id INTEGER NOT NULL REFERENCES orders (id),"
  "  product_id INTEGER NOT NULL REFERENCES products (id),"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  ordered_at TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  "  backordered_quantity INTEGER NOT NULL DEFAULT 0"
  "    CHECK (backordered_quantity BETWEEN 0 AND quantity),"
  "  unit_price INTEGER,"
  /* not "status IN (...)": SQLite builds a temporary table for an IN list
   * of five every time the check runs, a fifth of a big import's time */
  "  status TEXT CHECK (status = 'waiting' OR status = 'on_order' OR status = 'allocated'"
  "    OR status = 'shipped' OR status = 'cancelled'),"
  "  priority INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 2),"
  "  promised_at TEXT,"
  "  shipped_at TEXT,"
  "  cancelled_at TEXT,"
  "  cancel_reason TEXT,"
  "  refunded INTEGER NOT NULL DEFAULT 0,"
  SYNC_COLUMNS_NO_UUID_INDEX ");"
  "CREATE UNIQUE INDEX order_lines_uuid ON order_lines (uuid);"
  "CREATE UNIQUE INDEX order_lines_order_product ON order_lines (order_id, product_id);"
  /* A customer's or a product's lines, for search: only backorder lines,
   * the only ones a list shows; 40% of the lines, and of the time an import
   * spends building these two. Customers are what agents search for most:
   * their index covers the queue's columns like the queue's own, so that
   * the lines of a name's customers come from it alone (bd-backorder-query.c). */
  "CREATE INDEX order_lines_product ON order_lines (product_id)"
  "  WHERE backordered_quantity > 0 AND deleted = 0;"
  "CREATE INDEX order_lines_customer ON order_lines (customer_id, status, priority, ordered_at,"
  "  backordered_quantity, promised_at, product_id, order_id)"
  "  WHERE backordered_quantity > 0 AND deleted = 0;"
  /* The queue's index covers every column the queue filters, sorts and
   * joins on, so that listing 400,000 backorder lines in any order reads
   * the index and never the rows (5x faster on the 1M benchmark store). */
  "CREATE INDEX order_lines_queue ON order_lines (status, priority, ordered_at,"
  "  backordered_quantity, promised_at, customer_id, product_id, order_id)"
  "  WHERE backordered_quantity > 0 AND deleted = 0;"

  "CREATE TABLE notes ("
  "  id INTEGER PRIMARY KEY,"
  "  line_id INTEGER NOT NULL REFERENCES order_lines (id),"
  "  author TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  SYNC_COLUMNS ");"
  "CREATE INDEX notes_line ON notes (line_id);"

  "CREATE TABLE complaints ("
  "  id INTEGER PRIMARY KEY,"
  "  line_id INTEGER NOT NULL REFERENCES order_lines (id),"
  "  author TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  resolution TEXT,"
  "  incentive INTEGER,"
  "  currency TEXT,"
  SYNC_COLUMNS ");"
  "CREATE INDEX complaints_line ON complaints (line_id);"

  /* The audit log: who did what to which row, when, old and new value.
   * Rows of one user action share a batch, which is what Undo reverts. */
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  batch TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  entity_uuid TEXT,"
  "  line_id INTEGER,"
  "  field TEXT,"
  "  old_value TEXT,"
  "  new_value TEXT,"
  SYNC_COLUMNS ");"
  "CREATE INDEX events_line ON events (line_id) WHERE line_id IS NOT NULL;"
  "CREATE INDEX events_batch ON events (batch);"

  /* Full-text search over the entities a person searches for; lines are found
   * through them (DESIGN.md, Large lists). External content: the tables hold
   * the text. Triggers keep the indexes in step when a row's text changes;
   * new customers, products and orders come only from the import, which
   * indexes them in one statement at its end (bd_store_index_new_rows()):
   * an FTS5 insert per row from a trigger made a million-line import ten
   * times slower than the same rows inserted in bulk. */
  "CREATE VIRTUAL TABLE customers_fts USING fts5 (ref, name, email,"
  "  content = 'customers', content_rowid = 'id', " FTS_OPTIONS ");"
  "CREATE TRIGGER customers_fts_update AFTER UPDATE OF ref, name, email ON customers BEGIN"
  "  INSERT INTO customers_fts (customers_fts, rowid, ref, name, email)"
  "    VALUES ('delete', old.id, old.ref, old.name, old.email);"
  "  INSERT INTO customers_fts (rowid, ref, name, email) VALUES (new.id, new.ref, new.name, new.email);"
  "END;"

  "CREATE VIRTUAL TABLE products_fts USING fts5 (sku, name,"
  "  content = 'products', content_rowid = 'id', " FTS_OPTIONS ");"
  "CREATE TRIGGER products_fts_update AFTER UPDATE OF sku, name ON products BEGIN"
  "  INSERT INTO products_fts (products_fts, rowid, sku, name) VALUES ('delete', old.id, old.sku, old.name);"
  "  INSERT INTO products_fts (rowid, sku, name) VALUES (new.id, new.sku, new.name);"
  "END;"

  /* Order references need no prefix indexes: a reference is one or two
   * tokens, and FTS5 finds the prefixes of 600,000 of them in 0.2 ms
   * without, while building them took 40% of the indexing. */
  "CREATE VIRTUAL TABLE orders_fts USING fts5 (ref,"
  "  content = 'orders', content_rowid = 'id', " FTS_TOKENS ");"

  "CREATE VIRTUAL TABLE notes_fts USING fts5 (body,"
  "  content = 'notes', content_rowid = 'id', " FTS_OPTIONS ");"
  "CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN"
  "  INSERT INTO notes_fts (rowid, body) VALUES (new.id, new.body);"
  "END;"
  "CREATE TRIGGER notes_fts_update AFTER UPDATE OF body ON notes BEGIN"
  "  INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "  INSERT INTO notes_fts (rowid, body) VALUES (new.id, new.body);"
  "END;";

/* Files of version 1 (0.1.0) carry no application id; from version 2 on,
 * it tells our files from any other SQLite file before anything is
 * written to one. */
static const char step_2_application_id[] =
  "PRAGMA application_id = " G_STRINGIFY (BD_SCHEMA_APPLICATION_ID) ";";

/* Purchasing: purchase orders and their lines, which backorder lines
 * each PO line covers, receipts, and the stock a receipt line gives to a
 * backorder line; team-wide settings that sync.
 *
 * order_lines keeps three sums beside the links that make them
 * (covered_quantity = its po_line_covers, allocated_quantity = its
 * allocations) and its stored ETA: the core writes them in the transaction
 * that changes the links, so that the queue shows "2 of 5 on order" and
 * filters "not covered" a million lines long without a join per row.
 * ADD COLUMN with a constant default rewrites no row: the step is instant
 * on a big store. */
static const char step_3_purchasing[] =
  "ALTER TABLE suppliers ADD COLUMN contact_name TEXT;"
  "ALTER TABLE suppliers ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;"
  /* NULL: the product's own pack size */
  "ALTER TABLE product_suppliers ADD COLUMN pack_size INTEGER;"
  /* 1 once a person set reorder_point or safety_stock in the desk: desk
   * work, which a later products.csv does not overwrite */
  "ALTER TABLE products ADD COLUMN levels_set_in_desk INTEGER NOT NULL DEFAULT 0;"
  /* the customer wants the whole order in one parcel */
  "ALTER TABLE orders ADD COLUMN ship_complete INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE order_lines ADD COLUMN covered_quantity INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE order_lines ADD COLUMN allocated_quantity INTEGER NOT NULL DEFAULT 0;"
  /* the expected date, stored for covered and allocated lines (a local
   * date, YYYY-MM-DD); an uncovered line's moves with today and is computed
   * when read */
  "ALTER TABLE order_lines ADD COLUMN eta TEXT;"

  /* One row per key; its uuid is derived from the key, so that every
   * machine of a team has the same row (DESIGN.md, sync). */
  "CREATE TABLE team_settings ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL UNIQUE,"
  "  value TEXT NOT NULL,"
  SYNC_COLUMNS ");"

  "CREATE TABLE purchase_orders ("
  "  id INTEGER PRIMARY KEY,"
  "  number TEXT NOT NULL UNIQUE,"
  "  supplier_id INTEGER NOT NULL REFERENCES suppliers (id),"
  "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status = 'draft' OR status = 'sent'"
  "    OR status = 'confirmed' OR status = 'partially_received' OR status = 'received'"
  "    OR status = 'cancelled'),"
  "  currency TEXT NOT NULL,"
  /* when it was made (a draft) and when it went to the supplier */
  "  ordered_at TEXT NOT NULL,"
  "  sent_at TEXT,"
  /* when the supplier confirmed, and the delivery date it confirmed */
  "  confirmed_at TEXT,"
  "  confirmed_date TEXT,"
  /* the delivery date the desk expects: from the lead time, or as edited */
  "  expected_at TEXT,"
  "  received_at TEXT,"
  "  cancelled_at TEXT,"
  "  note TEXT,"
  SYNC_COLUMNS ");"
  "CREATE INDEX purchase_orders_supplier ON purchase_orders (supplier_id, status);"
  "CREATE INDEX purchase_orders_status ON purchase_orders (status, expected_at);"

  "CREATE TABLE po_lines ("
  "  id INTEGER PRIMARY KEY,"
  "  po_id INTEGER NOT NULL REFERENCES purchase_orders (id),"
  "  product_id INTEGER NOT NULL REFERENCES products (id),"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  "  quantity_received INTEGER NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),"
  "  unit_cost INTEGER,"
  SYNC_COLUMNS ");"
  "CREATE INDEX po_lines_po ON po_lines (po_id);"
  "CREATE INDEX po_lines_product ON po_lines (product_id);"

  /* which backorder lines a PO line covers, and how much of each */
  "CREATE TABLE po_line_covers ("
  "  id INTEGER PRIMARY KEY,"
  "  po_line_id INTEGER NOT NULL REFERENCES po_lines (id),"
  "  line_id INTEGER NOT NULL REFERENCES order_lines (id),"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  SYNC_COLUMNS ");"
  "CREATE INDEX po_line_covers_po_line ON po_line_covers (po_line_id);"
  "CREATE INDEX po_line_covers_line ON po_line_covers (line_id);"

  "CREATE TABLE receipts ("
  "  id INTEGER PRIMARY KEY,"
  "  po_id INTEGER REFERENCES purchase_orders (id),"
  "  received_at TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  policy TEXT,"
  "  note TEXT,"
  SYNC_COLUMNS ");"
  "CREATE INDEX receipts_po ON receipts (po_id);"

  "CREATE TABLE receipt_lines ("
  "  id INTEGER PRIMARY KEY,"
  "  receipt_id INTEGER NOT NULL REFERENCES receipts (id),"
  "  po_line_id INTEGER REFERENCES po_lines (id),"
  "  product_id INTEGER NOT NULL REFERENCES products (id),"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  /* what no backorder needed and went to on hand */
  "  to_stock INTEGER NOT NULL DEFAULT 0 CHECK (to_stock >= 0),"
  SYNC_COLUMNS ");"
  "CREATE INDEX receipt_lines_receipt ON receipt_lines (receipt_id);"
  "CREATE INDEX receipt_lines_po_line ON receipt_lines (po_line_id);"

  /* stock a receipt line gives to a backorder line */
  "CREATE TABLE allocations ("
  "  id INTEGER PRIMARY KEY,"
  "  receipt_line_id INTEGER NOT NULL REFERENCES receipt_lines (id),"
  "  line_id INTEGER NOT NULL REFERENCES order_lines (id),"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  SYNC_COLUMNS ");"
  "CREATE INDEX allocations_receipt_line ON allocations (receipt_line_id);"
  "CREATE INDEX allocations_line ON allocations (line_id);";

/* Customer communication: how to reach a customer, message templates (a
 * team shares them: they sync), the log of every message sent or received
 * with the ETA promised then, delay notices and the customer's answer,
 * complaints with an owner and a status, alternatives to a product, and
 * incentives given. */
static const char step_4_communication[] =
  "ALTER TABLE customers ADD COLUMN phone TEXT;"
  /* ISO 639-1, "de"; NULL: the default language */
  "ALTER TABLE customers ADD COLUMN language TEXT;"
  "ALTER TABLE customers ADD COLUMN preferred_channel TEXT NOT NULL DEFAULT 'email'"
  "  CHECK (preferred_channel = 'email' OR preferred_channel = 'sms');"
  "ALTER TABLE customers ADD COLUMN sms_consent INTEGER NOT NULL DEFAULT 0;"
  /* 1 once consent was withdrawn in the desk: desk work, which a later
   * orders.csv does not overwrite */
  "ALTER TABLE customers ADD COLUMN consent_withdrawn_in_desk INTEGER NOT NULL DEFAULT 0;"

  "ALTER TABLE complaints ADD COLUMN owner TEXT;"
  "ALTER TABLE complaints ADD COLUMN status TEXT NOT NULL DEFAULT 'open'"
  "  CHECK (status = 'open' OR status = 'answered' OR status = 'resolved');"

  /* One per kind and language. The defaults that ship with the app have
   * uuids derived from kind and language, so every store holds the same
   * rows; "edited" keeps a person's change from being replaced by a newer
   * default. */
  "CREATE TABLE templates ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  language TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  subject TEXT,"
  "  body TEXT NOT NULL,"
  "  edited INTEGER NOT NULL DEFAULT 0,"
  SYNC_COLUMNS ");"
  "CREATE UNIQUE INDEX templates_kind_language ON templates (kind, language) WHERE deleted = 0;"

  /* Every message, out or in. An outgoing one is logged before it is sent
   * (status 'sending') and marked by what the server said: a send is
   * never logged as sent that was not, and 'unknown' (the connection
   * broke after the whole message) asks before sending again. */
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY,"
  "  direction TEXT NOT NULL DEFAULT 'out' CHECK (direction = 'out' OR direction = 'in'),"
  "  channel TEXT NOT NULL CHECK (channel = 'email' OR channel = 'sms' OR channel = 'mailto'"
  "    OR channel = 'eml' OR channel = 'call' OR channel = 'reply'),"
  "  status TEXT NOT NULL CHECK (status = 'sending' OR status = 'sent' OR status = 'failed'"
  "    OR status = 'unknown' OR status = 'handed_to_client' OR status = 'saved'"
  "    OR status = 'received'),"
  "  template_uuid TEXT,"
  "  kind TEXT,"
  "  recipient TEXT,"
  "  customer_id INTEGER REFERENCES customers (id),"
  "  line_id INTEGER REFERENCES order_lines (id),"
  "  po_id INTEGER REFERENCES purchase_orders (id),"
  "  supplier_id INTEGER REFERENCES suppliers (id),"
  "  subject TEXT,"
  "  body TEXT NOT NULL,"
  /* the Message-ID or the gateway's reference: the key that keeps a retry
   * from sending twice */
  "  reference TEXT NOT NULL,"
  "  eta TEXT,"
  "  eta_earliest TEXT,"
  "  eta_latest TEXT,"
  "  error TEXT,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  sent_at TEXT,"
  "  author TEXT NOT NULL,"
  SYNC_COLUMNS ");"
  "CREATE INDEX messages_line ON messages (line_id) WHERE line_id IS NOT NULL;"
  "CREATE INDEX messages_customer ON messages (customer_id, created_at) WHERE customer_id IS NOT NULL;"
  "CREATE INDEX messages_po ON messages (po_id) WHERE po_id IS NOT NULL;"
  "CREATE INDEX messages_status ON messages (status);"

  /* A delay notice sent for a line, and what the customer answered
   * (README, "Delay notices"). */
  "CREATE TABLE delay_notices ("
  "  id INTEGER PRIMARY KEY,"
  "  line_id INTEGER NOT NULL REFERENCES order_lines (id),"
  "  message_id INTEGER REFERENCES messages (id),"
  "  original_date TEXT,"
  "  new_date TEXT NOT NULL,"
  "  deadline TEXT NOT NULL,"
  "  answer TEXT CHECK (answer = 'wait' OR answer = 'alternative' OR answer = 'cancel'),"
  "  answered_at TEXT,"
  SYNC_COLUMNS ");"
  "CREATE INDEX delay_notices_line ON delay_notices (line_id);"

  "CREATE TABLE product_alternatives ("
  "  id INTEGER PRIMARY KEY,"
  "  product_id INTEGER NOT NULL REFERENCES products (id),"
  "  alternative_id INTEGER NOT NULL REFERENCES products (id) CHECK (alternative_id <> product_id),"
  SYNC_COLUMNS ","
  "  UNIQUE (product_id, alternative_id)"
  ");"

  "CREATE TABLE incentives ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  line_id INTEGER REFERENCES order_lines (id),"
  "  kind TEXT NOT NULL CHECK (kind = 'discount' OR kind = 'free_shipping'),"
  "  amount INTEGER,"
  "  currency TEXT,"
  "  note TEXT,"
  "  author TEXT NOT NULL,"
  SYNC_COLUMNS ");"
  "CREATE INDEX incentives_customer ON incentives (customer_id);"
  "CREATE INDEX incentives_line ON incentives (line_id) WHERE line_id IS NOT NULL;"

  /* complaints are found by search, as notes are */
  "CREATE VIRTUAL TABLE complaints_fts USING fts5 (body, resolution,"
  "  content = 'complaints', content_rowid = 'id', " FTS_OPTIONS ");"
  "INSERT INTO complaints_fts (rowid, body, resolution) SELECT id, body, resolution FROM complaints;"
  "CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN"
  "  INSERT INTO complaints_fts (rowid, body, resolution) VALUES (new.id, new.body, new.resolution);"
  "END;"
  "CREATE TRIGGER complaints_fts_update AFTER UPDATE OF body, resolution ON complaints BEGIN"
  "  INSERT INTO complaints_fts (complaints_fts, rowid, body, resolution)"
  "    VALUES ('delete', old.id, old.body, old.resolution);"
  "  INSERT INTO complaints_fts (rowid, body, resolution) VALUES (new.id, new.body, new.resolution);"
  "END;";

/* product_suppliers.csv, which names several suppliers per product, wins
 * over the shorthand of products.csv (supplier_ref, unit_cost,
 * lead_time_days) for the links it names: products.csv leaves the terms
 * of such a link alone, and the preferred supplier it chose. The same
 * holds for a link a person set up or edited in the desk. */
static const char step_5_link_terms[] =
  "ALTER TABLE product_suppliers ADD COLUMN set_as_link INTEGER NOT NULL DEFAULT 0;";

/* Sync with CouchDB (README, "Sync"): per synced document, the version
 * last agreed with the server, the base of a three-way merge; the documents
 * of rows merged into another (the same order imported on two machines),
 * whose references lead to the row kept; pulled documents that name rows
 * not here yet; documents to delete on the server; writes the server
 * refused, with its reason; and the conflicts no rule settles, for a
 * person. Its own tables: they hold no synced rows. */
static const char step_6_sync[] =
  "CREATE TABLE sync_shadow ("
  "  doc_id TEXT PRIMARY KEY,"
  "  rev TEXT NOT NULL,"
  "  body TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE sync_alias ("
  "  uuid TEXT PRIMARY KEY,"
  "  target TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE sync_pending ("
  "  doc_id TEXT PRIMARY KEY,"
  "  body TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE sync_outbox ("
  "  doc_id TEXT PRIMARY KEY,"
  "  rev TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE sync_refused ("
  "  doc_id TEXT PRIMARY KEY,"
  "  reason TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  refused_at TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE sync_conflicts ("
  "  id INTEGER PRIMARY KEY,"
  "  doc_id TEXT NOT NULL,"
  "  field TEXT NOT NULL,"
  "  local_value TEXT,"
  "  remote_value TEXT,"
  "  local_updated_at TEXT,"
  "  remote_updated_at TEXT,"
  "  created_at TEXT NOT NULL,"
  "  resolved INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX sync_conflicts_open ON sync_conflicts (doc_id) WHERE resolved = 0;";

/* Two needs of the dashboard and the PO history (issues 11 and 13):
 *  - a PO's history and a customer's timeline read the events of one
 *    entity; without an index that is a scan of every event;
 *  - inventory turnover needs the stock a product had on each day: imports
 *    and receipts write one row per product and local day on which on_hand
 *    changed (the latest count of the day wins), with the unit cost and its
 *    currency at that time; the value holds until the next row. Synced
 *    like the other rows so that every desk of a team draws the same
 *    figure; its uuid is derived from the product's and the day, so two
 *    machines writing the same day write the same row. */
static const char step_7_snapshots[] =
  "CREATE INDEX events_entity ON events (entity_uuid) WHERE entity_uuid IS NOT NULL;"
  "CREATE TABLE on_hand_snapshots ("
  "  id INTEGER PRIMARY KEY,"
  "  product_id INTEGER NOT NULL REFERENCES products (id),"
  "  day TEXT NOT NULL,"
  "  on_hand INTEGER NOT NULL,"
  "  unit_cost INTEGER,"
  "  currency TEXT,"
  SYNC_COLUMNS ","
  "  UNIQUE (product_id, day)"
  ");"
  "CREATE INDEX on_hand_snapshots_day ON on_hand_snapshots (day);";

/* The queue sorted by ETA (issue 11): the stored ETAs of the open lines
 * purchasing gives one (on order, allocated) in their order, and the
 * waiting lines a PO covers in part (the rest of theirs comes from the
 * lead time), so that the first rows of the sort are a few entries of
 * this index and the whole sort reads no row of the table. Only those
 * lines: imported lines are waiting and uncovered, and a shipped line
 * leaves it, so neither the import nor the history makes it grow.
 * bd-backorder-query.c states this condition word for word (SQLite uses
 * a partial index only for a query that implies it, and then checks it
 * again: its columns are in the index so that no row is read for that).
 * A CASE and not "status = 'on_order' OR ...": a queue filter's
 * "status = 'on_order'" implies that, and SQLite then took this index
 * for it over the queue's own and read every row for its other columns.
 * id after eta keeps a day's lines in the order the sort breaks ties. */
static const char step_8_eta_index[] =
  "CREATE INDEX order_lines_eta ON order_lines (status, eta, id, covered_quantity, backordered_quantity, deleted)"
  "  WHERE backordered_quantity > 0 AND deleted = 0"
  "  AND CASE status WHEN 'on_order' THEN 1 WHEN 'allocated' THEN 1 WHEN 'waiting' THEN covered_quantity > 0"
  "  ELSE 0 END;";

/* Sync (issue 14): a row merged into one of another uuid (the same
 * customer imported on two machines) takes the server's uuid, and every
 * row on the server that names it is sent again with it. Each reference
 * column gets an index for that, of the rows on the server only (rev is
 * set once a row was pushed or pulled): without them, each merged
 * customer or product read every order and order line, 170 ms a customer
 * on the 1M store; with them a store that never syncs, or a first import,
 * pays nothing. The other reference columns have an index already. */
static const char step_9_synced_references[] =
  "CREATE INDEX orders_synced_customer ON orders (customer_id) WHERE rev IS NOT NULL;"
  "CREATE INDEX order_lines_synced_customer ON order_lines (customer_id) WHERE rev IS NOT NULL;"
  "CREATE INDEX order_lines_synced_product ON order_lines (product_id) WHERE rev IS NOT NULL;"
  "CREATE INDEX receipt_lines_synced_product ON receipt_lines (product_id) WHERE rev IS NOT NULL;"
  "CREATE INDEX messages_synced_supplier ON messages (supplier_id) WHERE rev IS NOT NULL;"
  "CREATE INDEX delay_notices_synced_message ON delay_notices (message_id) WHERE rev IS NOT NULL;"
  "CREATE INDEX product_alternatives_synced_alternative ON product_alternatives (alternative_id)"
  "  WHERE rev IS NOT NULL;";

const BdSchemaStep bd_schema_steps[] = {
  { migration_1, NULL },            /* 0.1.0 */
  { step_2_application_id, NULL },
  { step_3_purchasing, NULL },
  { step_4_communication, bd_default_templates_insert },
  { step_5_link_terms, NULL },
  { step_6_sync, NULL },
  { step_7_snapshots, NULL },
  { step_8_eta_index, NULL },
  { step_9_synced_references, NULL },
};

const guint bd_schema_n_steps = G_N_ELEMENTS (bd_schema_steps);
