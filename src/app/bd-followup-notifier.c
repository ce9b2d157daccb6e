/* bd-followup-notifier.c: a desktop notification when customers' follow-ups
 * fall due while the app runs
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-followup-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-followup-notifier.h"
#include "bd-followups.h"
#include "bd-store.h"

/* A window's database is looked at when it opens and every hour after
 * (bd-followups.c says who is due), on a thread with a connection of its
 * own: the list reads every open line. The thread is joined when the
 * notifier goes (a window closing waits for a look under way), so that
 * nothing of it is left for a main loop that may not run again. When customers are due that were
 * not in the last notification, a GNotification says how many and who;
 * clicking it runs app.show-followups for the database, which brings its
 * window up with the queue showing their open lines; its Write to Them
 * runs app.message-followups, the messages to them ready to read and
 * send. When none
 * are due any more, the notification is withdrawn. */

struct _BdFollowupNotifier
{
  GObject parent_instance;

  /* Borrowed references */
  GApplication *application;   /* weak */

  /* Owned references */
  char *database;
  GThread *checking;           /* the look running, joined before it is freed */
  gpointer result;             /* atomic: its Due, or GError, once done */
  GHashTable *notified;        /* customer refs of the notification shown */
  char *title;
  char *body;

  guint n_due;
  guint timeout;
  guint poll;                  /* looks for the thread's result */
  gboolean failed;             /* atomic: the result is a GError */
};

G_DEFINE_FINAL_TYPE (BdFollowupNotifier, bd_followup_notifier, G_TYPE_OBJECT)

/* The customers due, from the thread. */
typedef struct
{
  GPtrArray *refs;
  GPtrArray *names;
} Due;

static void
due_free (Due *due)
{
  g_ptr_array_unref (due->refs);
  g_ptr_array_unref (due->names);
  g_free (due);
}

/* The thread's work: who is due in @self's database. Its result waits
 * for the main loop's poll (or the notifier's dispose), so that no source
 * of the main loop holds it when the program ends. */
static gpointer
check_thread (gpointer data)
{
  BdFollowupNotifier *self = data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GPtrArray) followups = NULL;
  GError *error = NULL;
  Due *due;

  store = bd_store_open (self->database, &error);
  if (store != NULL)
    followups = bd_followups_list (store, FALSE, &error);
  if (followups == NULL)
    {
      g_atomic_int_set (&self->failed, TRUE);
      g_atomic_pointer_set (&self->result, error);
      return NULL;
    }

  due = g_new0 (Due, 1);
  due->refs = g_ptr_array_new_with_free_func (g_free);
  due->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < followups->len; i++)
    {
      BdFollowup *followup = g_ptr_array_index (followups, i);

      g_ptr_array_add (due->refs, g_strdup (followup->customer_ref));
      g_ptr_array_add (due->names, g_strdup (followup->customer_name != NULL ? followup->customer_name
                                                                            : followup->customer_ref));
    }
  g_atomic_pointer_set (&self->result, due);
  return NULL;
}

/* The notification's id: one per database. */
char *
bd_followup_notifier_dup_id (BdFollowupNotifier *self)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (BD_IS_FOLLOWUP_NOTIFIER (self), NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, self->database, -1);
  return g_strdup_printf ("followups-%.12s", hash);
}

static gboolean
has_new (BdFollowupNotifier *self,
         Due                *due)
{
  for (guint i = 0; i < due->refs->len; i++)
    if (self->notified == NULL || !g_hash_table_contains (self->notified, g_ptr_array_index (due->refs, i)))
      return TRUE;
  return FALSE;
}

static void
notify_due (BdFollowupNotifier *self,
            Due                *due)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *id = bd_followup_notifier_dup_id (self);
  guint shown = MIN (due->names->len, 3);

  for (guint i = 0; i < shown; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", (const char *)g_ptr_array_index (due->names, i));

  g_free (self->title);
  self->title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer is due for an update",
                                              "%u customers are due for an update", due->refs->len),
                                 due->refs->len);
  g_free (self->body);
  if (due->refs->len > shown)
    /* Translators: the first customers due for an update, and how many more */
    self->body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more", "%s and %u more",
                                               due->refs->len - shown),
                                  names->str, due->refs->len - shown);
  else
    self->body = g_strdup (names->str);

  notification = g_notification_new (self->title);
  g_notification_set_body (notification, self->body);
  g_notification_set_default_action_and_target (notification, "app.show-followups", "s", self->database);
  g_notification_add_button_with_target (notification, _("Write to Them"), "app.message-followups", "s",
                                         self->database);
  if (self->application != NULL)
    g_application_send_notification (self->application, id, notification);

  g_clear_pointer (&self->notified, g_hash_table_unref);
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < due->refs->len; i++)
    g_hash_table_add (self->notified, g_strdup (g_ptr_array_index (due->refs, i)));
}

/* Takes the finished thread's result: joins it, and frees or acts on
 * what it found (@act: not while the notifier is going). */
static void
take_result (BdFollowupNotifier *self,
             gboolean            act)
{
  gpointer result;

  g_thread_join (g_steal_pointer (&self->checking));
  g_clear_handle_id (&self->poll, g_source_remove);
  result = g_atomic_pointer_exchange (&self->result, NULL);

  if (g_atomic_int_get (&self->failed))
    {
      g_autoptr(GError) error = result;

      g_atomic_int_set (&self->failed, FALSE);
      if (act)
        g_warning ("Cannot tell whose follow-ups are due: %s", error->message);
      return;
    }

  if (act)
    {
      Due *due = result;

      self->n_due = due->refs->len;
      if (due->refs->len == 0)
        {
          g_autofree char *id = bd_followup_notifier_dup_id (self);

          if (self->notified != NULL && self->application != NULL)
            g_application_withdraw_notification (self->application, id);
          g_clear_pointer (&self->notified, g_hash_table_unref);
          g_clear_pointer (&self->title, g_free);
          g_clear_pointer (&self->body, g_free);
        }
      else if (has_new (self, due))
        notify_due (self, due);
    }

  due_free (result);
}

static gboolean
poll_cb (gpointer data)
{
  BdFollowupNotifier *self = data;

  if (g_atomic_pointer_get (&self->result) == NULL)
    return G_SOURCE_CONTINUE;

  self->poll = 0;
  take_result (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* Looks at the follow-ups now (once at a time). */
void
bd_followup_notifier_check (BdFollowupNotifier *self)
{
  g_return_if_fail (BD_IS_FOLLOWUP_NOTIFIER (self));

  if (self->checking != NULL)
    return;

  self->checking = g_thread_new ("bd-followups", check_thread, self);
  self->poll = g_timeout_add (50, poll_cb, self);
}

static gboolean
timeout_cb (gpointer data)
{
  bd_followup_notifier_check (data);
  return G_SOURCE_CONTINUE;
}

gboolean
bd_followup_notifier_get_checking (BdFollowupNotifier *self)
{
  g_return_val_if_fail (BD_IS_FOLLOWUP_NOTIFIER (self), FALSE);
  return self->checking != NULL;
}

/* How many customers were due at the last look. */
guint
bd_followup_notifier_get_n_due (BdFollowupNotifier *self)
{
  g_return_val_if_fail (BD_IS_FOLLOWUP_NOTIFIER (self), 0);
  return self->n_due;
}

/* The title and body of the notification shown, or NULL. */
const char *
bd_followup_notifier_get_title (BdFollowupNotifier *self)
{
  g_return_val_if_fail (BD_IS_FOLLOWUP_NOTIFIER (self), NULL);
  return self->title;
}

const char *
bd_followup_notifier_get_body (BdFollowupNotifier *self)
{
  g_return_val_if_fail (BD_IS_FOLLOWUP_NOTIFIER (self), NULL);
  return self->body;
}

static void
bd_followup_notifier_dispose (GObject *object)
{
  BdFollowupNotifier *self = (BdFollowupNotifier *)object;

  g_clear_handle_id (&self->timeout, g_source_remove);
  /* the look running ends here, not in a main loop that may be gone */
  if (self->checking != NULL)
    take_result (self, FALSE);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (bd_followup_notifier_parent_class)->dispose (object);
}

static void
bd_followup_notifier_finalize (GObject *object)
{
  BdFollowupNotifier *self = (BdFollowupNotifier *)object;

  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_free (self->database);
  g_free (self->title);
  g_free (self->body);

  G_OBJECT_CLASS (bd_followup_notifier_parent_class)->finalize (object);
}

static void
bd_followup_notifier_class_init (BdFollowupNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_followup_notifier_dispose;
  object_class->finalize = bd_followup_notifier_finalize;
}

static void
bd_followup_notifier_init (BdFollowupNotifier *self)
{
}

/* Looks at @database's follow-ups now and every BD_FOLLOWUP_CHECK_SECONDS
 * while it lives, and tells @application's user of those due. */
BdFollowupNotifier *
bd_followup_notifier_new (GApplication *application,
                          const char   *database)
{
  BdFollowupNotifier *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (database != NULL, NULL);

  self = g_object_new (BD_TYPE_FOLLOWUP_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->database = g_strdup (database);
  self->timeout = g_timeout_add_seconds (BD_FOLLOWUP_CHECK_SECONDS, timeout_cb, self);
  bd_followup_notifier_check (self);

  return self;
}
