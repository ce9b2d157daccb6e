/* bd-po-mail.c: a message to a purchase order's supplier, and what its
 * going out means for the PO
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-po-mail"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-po-mail.h"
#include "bd-purchase-order.h"
#include "bd-purchase-orders.h"

/* Sends @outgoing, written for a PO by bd_composer_for_po(), and logs it
 * (bd_messages_send()). A purchase order that went to its supplier by
 * mail was sent: a draft is marked so (@marked_sent), as the clerk would
 * by hand, but only once the server took it; a message that did not go
 * changes nothing of the PO. FALSE with @error when it did not go, or
 * when it went and the PO could not be marked (the message is logged as
 * sent either way, @uuid). */
gboolean
bd_po_mail_send (BdStore      *store,
                 BdTransport  *transport,
                 BdOutgoing   *outgoing,
                 char        **uuid,
                 gboolean     *marked_sent,
                 GError      **error)
{
  g_autoptr(BdPurchaseOrder) po = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *batch = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (outgoing != NULL && outgoing->po_id > 0, FALSE);

  if (marked_sent != NULL)
    *marked_sent = FALSE;

  if (!bd_messages_send (store, transport, outgoing, uuid, error))
    return FALSE;

  if (g_strcmp0 (outgoing->kind, "purchase_order") != 0 || outgoing->channel != BD_CHANNEL_EMAIL)
    return TRUE;

  po = bd_purchase_order_load (store, outgoing->po_id, &local_error);
  if (po != NULL && g_strcmp0 (bd_purchase_order_get_status (po), "draft") != 0)
    return TRUE;
  if (po == NULL ||
      !bd_purchase_orders_set_status (store, outgoing->po_id, "sent", NULL, &batch, &local_error))
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_INVALID,
                   _("The purchase order went to the supplier, but could not be marked sent: %s"),
                   local_error->message);
      return FALSE;
    }

  if (marked_sent != NULL)
    *marked_sent = TRUE;
  return TRUE;
}
