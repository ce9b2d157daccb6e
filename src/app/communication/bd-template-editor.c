/* bd-template-editor.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-template-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-actions.h"
#include "bd-backorder-query.h"
#include "bd-compose.h"
#include "bd-refused-banner.h"
#include "bd-template-editor.h"
#include "bd-templates.h"
#include "bd-widget-util.h"

/* One template, of a kind and a language: its subject and text to edit,
 * checked as they are typed (an unknown placeholder or a brace left open
 * is underlined and named by its line and column, and such a template
 * cannot be saved), and the message it makes for a real backorder line,
 * rendered as it is typed. Edits not saved yet are kept per kind and
 * language while the agent looks at another. Saving and restoring the
 * default text write on a thread with a connection of their own. */

typedef struct
{
  char *subject;
  char *body;
} Draft;

static void
draft_free (gpointer data)
{
  Draft *draft = data;

  g_free (draft->subject);
  g_free (draft->body);
  g_free (draft);
}

struct _BdTemplateEditor
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkRevealer *back_revealer;
  GtkScrolledWindow *scroller;
  GtkLabel *title_label;
  GtkLabel *audience_label;
  GtkWidget *edited_label;
  GtkWidget *unsaved_label;
  BdRefusedBanner *refused_banner;
  GtkDropDown *language_dropdown;
  GtkEntry *subject_entry;
  GtkWidget *subject_title;
  GtkTextView *body_view;
  GtkMenuButton *placeholder_button;
  GtkPopover *placeholder_popover;
  GtkListBox *placeholder_list;
  GtkWidget *error_box;
  GtkLabel *error_label;
  GtkWidget *restore_button;
  GtkWidget *save_button;
  GtkEntry *line_entry;
  GtkLabel *preview_to_label;
  GtkLabel *preview_subject_label;
  GtkLabel *preview_body_label;
  GtkLabel *preview_problem_label;

  /* Owned references */
  BdStore *store;
  BdComposer *composer;         /* NULL until needed, and after the store changed */
  BdBackorder *line;            /* the line the preview is for */
  BdTemplateRow *row;           /* the template as stored, or NULL */
  GHashTable *drafts;           /* "kind\nlanguage" -> Draft: edits not saved */
  GtkTextTag *error_tag;
  GCancellable *writing;        /* a save or a restore on its way */
  char *kind;
  char *language;
  char *line_problem;           /* why the reference typed names no line */

  gboolean filling;             /* the fields are being filled: not an edit */
  gboolean valid;               /* the text can be sent */
  gboolean subject_focused;     /* where a placeholder goes: the field used last */
};

G_DEFINE_FINAL_TYPE (BdTemplateEditor, bd_template_editor, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The languages the app ships templates in, by their own names. */
static const struct { const char *code; const char *name; } language_names[] = {
  { "en", "English" },
  { "de", "Deutsch" },
  { "fr", "Français" },
  { "es", "Español" },
};

static char *
draft_key (const char *kind,
           const char *language)
{
  return g_strconcat (kind, "\n", language, NULL);
}

static char *
dup_body (BdTemplateEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
get_subject (BdTemplateEditor *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->subject_entry));
}

static gboolean
is_supplier_kind (const char *kind)
{
  const BdTemplateKind *info = bd_template_kind_find (kind);

  return info != NULL && info->audience == BD_AUDIENCE_SUPPLIER;
}

/* The text differs from what is stored. */
static gboolean
is_dirty (BdTemplateEditor *self)
{
  g_autofree char *body = dup_body (self);

  if (self->row == NULL)
    return *get_subject (self) != '\0' || *body != '\0';
  return g_strcmp0 (get_subject (self), self->row->subject != NULL ? self->row->subject : "") != 0 ||
         g_strcmp0 (body, self->row->body != NULL ? self->row->body : "") != 0;
}

/* Underlines @span of the subject or the text, where the check found
 * the problem. */
static void
show_span (BdTemplateEditor     *self,
           const BdTemplateSpan *span,
           gboolean              in_subject,
           const char           *text)
{
  gsize length = MAX (span->length, 1);

  if (span->offset > strlen (text))
    return;
  length = MIN (length, strlen (text) - span->offset);

  if (in_subject)
    {
      PangoAttrList *attributes = pango_attr_list_new ();
      PangoAttribute *underline = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);

      underline->start_index = span->offset;
      underline->end_index = span->offset + length;
      pango_attr_list_insert (attributes, underline);
      gtk_entry_set_attributes (self->subject_entry, attributes);
      pango_attr_list_unref (attributes);
      gtk_widget_add_css_class (GTK_WIDGET (self->subject_entry), "error");
    }
  else
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_pointer_to_offset (text, text + span->offset));
      gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                          g_utf8_pointer_to_offset (text, text + span->offset + length));
      gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
    }
}

static void
clear_spans (BdTemplateEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);
  gtk_entry_set_attributes (self->subject_entry, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->subject_entry), "error");
}

static void
set_preview (BdTemplateEditor *self,
             const char       *to,
             const char       *subject,
             const char       *body,
             const char       *problem)
{
  gtk_label_set_label (self->preview_to_label, to != NULL ? to : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_to_label), to != NULL);
  gtk_label_set_label (self->preview_subject_label, subject != NULL ? subject : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_subject_label), subject != NULL && *subject != '\0');
  gtk_label_set_label (self->preview_body_label, body != NULL ? body : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_body_label), body != NULL);
  gtk_label_set_label (self->preview_problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_problem_label), problem != NULL);
}

/* The message the text makes for the line, as it is typed. */
static void
render (BdTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(BdTemplate) subject_template = NULL;
  g_autoptr(BdTemplate) body_template = NULL;
  g_autofree char *body = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *rendered_body = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;

  if (self->store == NULL || self->kind == NULL)
    return;

  if (is_supplier_kind (self->kind))
    {
      set_preview (self, NULL, NULL, NULL,
                   _("A message to a supplier is written for a purchase order: it shows when one is sent."));
      return;
    }
  if (self->line == NULL && self->line_problem != NULL)
    {
      set_preview (self, NULL, NULL, NULL, self->line_problem);
      return;
    }
  if (self->line == NULL)
    {
      int has_lines = bd_backorder_query_has_lines (self->store, NULL);

      set_preview (self, NULL, NULL, NULL,
                   has_lines > 0 ? _("Type a line’s reference above to see the message its customer gets.")
                                 : _("No backorder lines yet: once orders are imported, the preview shows the "
                                     "message for one of them."));
      return;
    }
  if (!self->valid)
    {
      set_preview (self, NULL, NULL, NULL, _("The preview shows once the template has no errors."));
      return;
    }

  if (self->composer == NULL)
    self->composer = bd_composer_new (self->store, &error);
  if (self->composer != NULL)
    values = bd_composer_line_values (self->composer, self->line, self->language, NULL, &error);
  if (values == NULL)
    {
      set_preview (self, NULL, NULL, NULL, error->message);
      return;
    }

  text = dup_body (self);
  body_template = bd_template_parse (text, NULL, &error);
  if (body_template != NULL && *get_subject (self) != '\0')
    subject_template = bd_template_parse (get_subject (self), NULL, &error);
  if (body_template != NULL)
    rendered_body = bd_template_render (body_template, values, &error);
  if (rendered_body != NULL && subject_template != NULL)
    subject = bd_template_render (subject_template, values, &error);
  if (error != NULL)
    {
      /* Translators: %s says which placeholder has no value */
      g_autofree char *problem = g_strdup_printf (_("%s: %s would get no message of this kind."), error->message,
                                                  bd_backorder_get_ref (self->line));

      set_preview (self, NULL, NULL, NULL, problem);
      return;
    }

  if (bd_backorder_get_customer_email (self->line) != NULL)
    /* Translators: who the preview's message is for: the line, the customer and their address */
    to = g_strdup_printf (_("For %s: to %s <%s>"), bd_backorder_get_ref (self->line),
                          bd_backorder_get_customer_name (self->line), bd_backorder_get_customer_email (self->line));
  else
    to = g_strdup_printf (_("For %s: to %s"), bd_backorder_get_ref (self->line),
                          bd_backorder_get_customer_name (self->line));
  set_preview (self, to, subject, rendered_body, NULL);
}

static void
update_actions (BdTemplateEditor *self)
{
  gboolean writable = self->store != NULL && !bd_store_is_read_only (self->store);
  gboolean idle = self->writing == NULL;
  gboolean dirty = self->kind != NULL && is_dirty (self);
  gboolean restorable = self->row != NULL && self->row->is_default && (self->row->edited || dirty);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "template.save", writable && idle && dirty && self->valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "template.restore", writable && idle && restorable);
  gtk_widget_set_visible (self->restore_button, self->row != NULL && self->row->is_default);
  gtk_widget_set_visible (self->unsaved_label, dirty);
  gtk_widget_set_visible (self->edited_label, self->row != NULL && self->row->edited);
}

/* Checks the text, says where it is wrong, keeps it as a draft when it
 * is not what is stored, and renders the preview. */
static void
check (BdTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = dup_body (self);
  g_autofree char *key = NULL;
  const char *subject = get_subject (self);
  BdTemplateSpan span = { 0, };
  gboolean in_subject = FALSE;
  gboolean had_draft;

  if (self->kind == NULL)
    return;

  clear_spans (self);
  self->valid = bd_templates_check (subject, body, &span, &in_subject, &error);
  gtk_widget_set_visible (self->error_box, !self->valid);
  gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
  if (!self->valid)
    show_span (self, &span, in_subject, in_subject ? subject : body);

  key = draft_key (self->kind, self->language);
  had_draft = g_hash_table_contains (self->drafts, key);
  if (is_dirty (self))
    {
      Draft *draft = g_new0 (Draft, 1);

      draft->subject = g_strdup (subject);
      draft->body = g_strdup (body);
      g_hash_table_replace (self->drafts, g_steal_pointer (&key), draft);
    }
  else
    g_hash_table_remove (self->drafts, key);
  if (had_draft != (self->kind != NULL && bd_template_editor_has_draft (self, self->kind)))
    g_signal_emit (self, signals[CHANGED], 0);

  update_actions (self);
  render (self);
}

static void
text_changed_cb (BdTemplateEditor *self)
{
  if (!self->filling)
    check (self);
}

static gboolean
keep_placeholder (const char *name,
                  gboolean    for_supplier)
{
  gboolean supplier_only = g_str_has_prefix (name, "supplier.") || g_str_has_prefix (name, "po.");
  gboolean shared = g_str_equal (name, "company.name") || g_str_equal (name, "agent.name");

  return shared || supplier_only == for_supplier;
}

/* The placeholders a template of the kind shown can use, to insert. */
static void
fill_placeholders (BdTemplateEditor *self)
{
  const char * const *names = bd_template_placeholders ();
  gboolean for_supplier = is_supplier_kind (self->kind);
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->placeholder_list, 0)) != NULL)
    gtk_list_box_remove (self->placeholder_list, GTK_WIDGET (row));

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *item;
      g_autofree char *title = NULL;

      if (!keep_placeholder (names[i], for_supplier))
        continue;

      title = g_strdup_printf ("{{%s}}", names[i]);
      item = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (item), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (item), _(bd_template_placeholder_describe (names[i])));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item), TRUE);
      g_object_set_data_full (G_OBJECT (item), "bd-placeholder", g_strdup (names[i]), g_free);
      gtk_list_box_append (self->placeholder_list, item);
    }
}

/* Puts "{{name}}" where the cursor is, in the field used last. */
static void
placeholder_activated_cb (BdTemplateEditor *self,
                          GtkListBoxRow    *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "bd-placeholder");
  g_autofree char *text = g_strdup_printf ("{{%s}}", name);

  gtk_popover_popdown (self->placeholder_popover);
  if (self->subject_focused)
    {
      int position = gtk_editable_get_position (GTK_EDITABLE (self->subject_entry));

      gtk_editable_insert_text (GTK_EDITABLE (self->subject_entry), text, -1, &position);
      gtk_editable_set_position (GTK_EDITABLE (self->subject_entry), position);
      gtk_widget_grab_focus (GTK_WIDGET (self->subject_entry));
    }
  else
    {
      gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (self->body_view), text, -1);
      gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
    }
}

static void
subject_focus_cb (BdTemplateEditor *self)
{
  self->subject_focused = TRUE;
}

static void
body_focus_cb (BdTemplateEditor *self)
{
  self->subject_focused = FALSE;
}

/* Shows the template of the kind and language chosen: the draft of it,
 * if there is one, else what is stored. */
static void
fill (BdTemplateEditor *self)
{
  g_autofree char *uuid = NULL;
  g_autofree char *key = NULL;
  const BdTemplateKind *info;
  Draft *draft;

  if (self->store == NULL || self->kind == NULL)
    return;

  info = bd_template_kind_find (self->kind);
  uuid = bd_default_template_uuid (self->kind, self->language);
  g_clear_pointer (&self->row, bd_template_row_free);
  self->row = bd_templates_get (self->store, uuid, NULL);

  gtk_label_set_label (self->title_label, info != NULL ? _(info->label) : self->kind);
  gtk_label_set_label (self->audience_label, is_supplier_kind (self->kind) ? _("To suppliers") : _("To customers"));
  bd_refused_banner_set_reason (self->refused_banner, self->row != NULL ? self->row->refused_reason : NULL);

  key = draft_key (self->kind, self->language);
  draft = g_hash_table_lookup (self->drafts, key);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry),
                         draft != NULL ? draft->subject : self->row != NULL && self->row->subject != NULL
                                                          ? self->row->subject : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                            draft != NULL ? draft->body : self->row != NULL ? self->row->body : "", -1);
  self->filling = FALSE;

  check (self);
}

void
bd_template_editor_show_kind (BdTemplateEditor *self,
                              const char       *kind)
{
  gboolean audience_changed;

  g_return_if_fail (BD_IS_TEMPLATE_EDITOR (self));
  g_return_if_fail (bd_template_kind_find (kind) != NULL);

  if (g_strcmp0 (self->kind, kind) == 0)
    return;

  audience_changed = self->kind == NULL || is_supplier_kind (self->kind) != is_supplier_kind (kind);
  g_free (self->kind);
  self->kind = g_strdup (kind);
  if (audience_changed)
    fill_placeholders (self);
  fill (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

const char *
bd_template_editor_get_kind (BdTemplateEditor *self)
{
  g_return_val_if_fail (BD_IS_TEMPLATE_EDITOR (self), NULL);
  return self->kind;
}

void
bd_template_editor_set_language (BdTemplateEditor *self,
                                 const char       *language)
{
  g_return_if_fail (BD_IS_TEMPLATE_EDITOR (self));

  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (g_strcmp0 (language_names[i].code, language) == 0)
      {
        gtk_drop_down_set_selected (self->language_dropdown, i);
        return;
      }

  g_return_if_reached ();
}

const char *
bd_template_editor_get_language (BdTemplateEditor *self)
{
  g_return_val_if_fail (BD_IS_TEMPLATE_EDITOR (self), NULL);
  return self->language;
}

static void
language_selected_cb (BdTemplateEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->language_dropdown);

  if (selected >= G_N_ELEMENTS (language_names) || g_strcmp0 (self->language, language_names[selected].code) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language_names[selected].code);
  fill (self);
}

/* The preview is for line @line_id (0: none). */
void
bd_template_editor_set_line (BdTemplateEditor *self,
                             gint64            line_id)
{
  g_return_if_fail (BD_IS_TEMPLATE_EDITOR (self));

  g_clear_object (&self->line);
  g_clear_pointer (&self->line_problem, g_free);
  if (line_id > 0 && self->store != NULL)
    self->line = bd_backorder_load (self->store, line_id, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->line_entry), self->line != NULL ? bd_backorder_get_ref (self->line) : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->line_entry), "error");
  render (self);
}

gint64
bd_template_editor_get_line (BdTemplateEditor *self)
{
  g_return_val_if_fail (BD_IS_TEMPLATE_EDITOR (self), 0);
  return self->line != NULL ? bd_backorder_get_id (self->line) : 0;
}

static void
line_activated_cb (BdTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->line_entry))));
  gint64 line_id;

  if (self->store == NULL || *ref == '\0')
    return;

  if (!bd_actions_find_line (self->store, ref, &line_id, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->line_entry), "error");
      g_clear_object (&self->line);
      g_free (self->line_problem);
      self->line_problem = g_strdup (error->message);
      render (self);
      return;
    }

  bd_template_editor_set_line (self, line_id);
}

void
bd_template_editor_set_store (BdTemplateEditor *self,
                              BdStore          *store)
{
  g_return_if_fail (BD_IS_TEMPLATE_EDITOR (self));
  g_return_if_fail (store == NULL || BD_IS_STORE (store));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->composer, bd_composer_free);
  g_clear_object (&self->line);
  g_hash_table_remove_all (self->drafts);
  fill (self);
}

/* The store changed: the line's values may have (a new ETA), and the
 * template, if a save or sync wrote it. */
void
bd_template_editor_store_changed (BdTemplateEditor   *self,
                                  const char * const *tables)
{
  g_return_if_fail (BD_IS_TEMPLATE_EDITOR (self));

  g_clear_pointer (&self->composer, bd_composer_free);
  if (self->line != NULL && self->store != NULL)
    {
      gint64 id = bd_backorder_get_id (self->line);

      g_clear_object (&self->line);
      self->line = bd_backorder_load (self->store, id, NULL);
    }

  if (bd_store_changes_include (tables, "templates") || bd_store_changes_include (tables, "sync_refused"))
    fill (self);
  else if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    render (self);
}

/* An edit of @kind, in any language, is not saved yet. */
gboolean
bd_template_editor_has_draft (BdTemplateEditor *self,
                              const char       *kind)
{
  GHashTableIter iter;
  const char *key;
  gsize length = strlen (kind);

  g_return_val_if_fail (BD_IS_TEMPLATE_EDITOR (self), FALSE);

  g_hash_table_iter_init (&iter, self->drafts);
  while (g_hash_table_iter_next (&iter, (gpointer *)&key, NULL))
    if (strncmp (key, kind, length) == 0 && key[length] == '\n')
      return TRUE;

  return FALSE;
}

/* TRUE while a save or a restore is written. */
gboolean
bd_template_editor_get_busy (BdTemplateEditor *self)
{
  g_return_val_if_fail (BD_IS_TEMPLATE_EDITOR (self), FALSE);
  return self->writing != NULL;
}

void
bd_template_editor_set_folded (BdTemplateEditor *self,
                               gboolean          folded)
{
  g_return_if_fail (BD_IS_TEMPLATE_EDITOR (self));
  gtk_revealer_set_reveal_child (self->back_revealer, folded);
}

typedef struct
{
  char *database;
  char *author;
  char *kind;
  char *language;
  char *name;
  char *subject;
  char *body;
  gboolean restore;
} Write;

static void
write_free (Write *write)
{
  g_free (write->database);
  g_free (write->author);
  g_free (write->kind);
  g_free (write->language);
  g_free (write->name);
  g_free (write->subject);
  g_free (write->body);
  g_free (write);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Write *write = task_data;
  g_autoptr(BdStore) store = NULL;
  GError *error = NULL;
  gboolean ok = FALSE;

  store = bd_store_open (write->database, &error);
  if (store != NULL)
    {
      bd_store_set_author (store, write->author);
      ok = write->restore ? bd_templates_restore_default (store, write->kind, write->language, &error)
                          : bd_templates_save (store, write->kind, write->language, write->name, write->subject,
                                               write->body, NULL, &error);
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
add_toast (BdTemplateEditor *self,
           const char       *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BdTemplateEditor *self = BD_TEMPLATE_EDITOR (object);
  Write *write = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->writing);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      GtkWidget *dialog;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       write->restore ? _("Default Text Not Restored") : _("Template Not Saved"),
                                       error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      update_actions (self);
      return;
    }

  /* what was written is what is stored now: no draft of it */
  {
    g_autofree char *key = draft_key (write->kind, write->language);

    g_hash_table_remove (self->drafts, key);
  }
  add_toast (self, write->restore ? _("Default text restored") : _("Template saved"));

  /* written through the thread's connection: this one's readers follow,
   * this editor among them */
  if (self->store != NULL)
    bd_store_emit_changed_tables (self->store, (const char * const[]) { "templates", "events", NULL });
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
start_write (BdTemplateEditor *self,
             gboolean          restore)
{
  g_autoptr(GTask) task = NULL;
  Write *write = g_new0 (Write, 1);

  write->database = g_strdup (bd_store_get_path (self->store));
  write->author = g_strdup (bd_store_get_author (self->store));
  write->kind = g_strdup (self->kind);
  write->language = g_strdup (self->language);
  write->restore = restore;
  if (!restore)
    {
      write->name = g_strdup (self->row != NULL ? self->row->name : NULL);
      write->subject = g_strdup (get_subject (self));
      write->body = dup_body (self);
    }

  self->writing = g_cancellable_new ();
  task = g_task_new (self, self->writing, write_done_cb, NULL);
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, write, (GDestroyNotify)write_free);
  g_task_run_in_thread (task, write_thread);
  update_actions (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdTemplateEditor *self = BD_TEMPLATE_EDITOR (widget);

  if (self->writing != NULL || !self->valid || self->store == NULL)
    return;
  start_write (self, FALSE);
}

static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     BdTemplateEditor *self)
{
  g_autofree char *key = NULL;

  if (!g_str_equal (response, "restore") || self->writing != NULL || self->kind == NULL)
    return;

  /* only a draft to drop: nothing to write */
  if (self->row != NULL && !self->row->edited)
    {
      key = draft_key (self->kind, self->language);
      g_hash_table_remove (self->drafts, key);
      fill (self);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  start_write (self, TRUE);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BdTemplateEditor *self = BD_TEMPLATE_EDITOR (widget);
  GtkWidget *dialog;

  if (self->row == NULL || !self->row->is_default)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Restore the Default Text?"),
                                   _("The subject and text Backorder Desk comes with replace this template’s, "
                                     "for everyone in the team. The changes are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
bd_template_editor_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bd_template_editor_parent_class)->map (widget);

  /* the store may have changed while the page was not shown */
  render (BD_TEMPLATE_EDITOR (widget));
}

static void
bd_template_editor_dispose (GObject *object)
{
  BdTemplateEditor *self = (BdTemplateEditor *)object;

  if (self->writing != NULL)
    g_cancellable_cancel (self->writing);
  g_clear_object (&self->writing);

  bd_widget_dispose_children (GTK_WIDGET (self), BD_TYPE_TEMPLATE_EDITOR);

  g_clear_pointer (&self->composer, bd_composer_free);
  g_clear_object (&self->line);
  g_clear_object (&self->store);
  g_clear_pointer (&self->row, bd_template_row_free);

  G_OBJECT_CLASS (bd_template_editor_parent_class)->dispose (object);
}

static void
bd_template_editor_finalize (GObject *object)
{
  BdTemplateEditor *self = (BdTemplateEditor *)object;

  g_clear_pointer (&self->drafts, g_hash_table_unref);
  g_free (self->kind);
  g_free (self->language);
  g_free (self->line_problem);

  G_OBJECT_CLASS (bd_template_editor_parent_class)->finalize (object);
}

static void
bd_template_editor_class_init (BdTemplateEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_template_editor_dispose;
  object_class->finalize = bd_template_editor_finalize;
  widget_class->map = bd_template_editor_map;

  /* a template was saved or restored, or an edit became, or stopped
   * being, a draft */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BD_TYPE_REFUSED_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/communication/bd-template-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, back_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, audience_label);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, edited_label);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, unsaved_label);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, refused_banner);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, subject_title);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, placeholder_button);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, placeholder_popover);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, placeholder_list);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, error_box);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, restore_button);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, line_entry);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, preview_to_label);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, preview_subject_label);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, preview_body_label);
  gtk_widget_class_bind_template_child (widget_class, BdTemplateEditor, preview_problem_label);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, language_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, placeholder_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, line_activated_cb);

  gtk_widget_class_install_action (widget_class, "template.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "template.restore", NULL, restore_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "template.save", NULL);
}

static void
bd_template_editor_init (BdTemplateEditor *self)
{
  g_autoptr(GtkStringList) languages = gtk_string_list_new (NULL);
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, draft_free);
  self->language = g_strdup (language_names[0].code);

  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    gtk_string_list_append (languages, language_names[i].name);
  gtk_drop_down_set_model (self->language_dropdown, G_LIST_MODEL (languages));

  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed",
                           G_CALLBACK (text_changed_cb), self, G_CONNECT_SWAPPED);

  /* a problem in the text: a wavy underline, as a spelling mistake has */
  self->error_tag = gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->body_view), "template-error",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                "underline-rgba", &(GdkRGBA) { 0.88, 0.11, 0.14, 1.0 },
                                                NULL);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "enter", G_CALLBACK (subject_focus_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->subject_entry), focus);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "enter", G_CALLBACK (body_focus_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->body_view), focus);

  update_actions (self);
}
