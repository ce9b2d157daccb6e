/* bd-default-templates.c
 *
 * Copyright 2026 The Backorder Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-default-templates"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-default-templates.h"
#include "bd-store.h"

static const BdTemplateKind kinds[] = {
  { "backorder_confirmation", N_("Backorder confirmation"), BD_AUDIENCE_CUSTOMER },
  { "delay_update", N_("Delay update"), BD_AUDIENCE_CUSTOMER },
  { "delay_notice", N_("Delay notice with the option to cancel"), BD_AUDIENCE_CUSTOMER },
  { "shipped", N_("Back in stock and shipped"), BD_AUDIENCE_CUSTOMER },
  { "cancellation", N_("Cancellation and refund"), BD_AUDIENCE_CUSTOMER },
  { "alternative_offer", N_("Alternative product offer"), BD_AUDIENCE_CUSTOMER },
  { "incentive", N_("Incentive"), BD_AUDIENCE_CUSTOMER },
  { "complaint_reply", N_("Complaint reply"), BD_AUDIENCE_CUSTOMER },
  { "purchase_order", N_("Purchase order"), BD_AUDIENCE_SUPPLIER },
  { "rfq", N_("Request for quotation"), BD_AUDIENCE_SUPPLIER },
  { "chase", N_("Chase a supplier"), BD_AUDIENCE_SUPPLIER },
};

/* The texts are the shop's words to its customers and suppliers, in the
 * customer's language: content, not the app's interface, so they are not
 * in the gettext catalogue. Each language is written as a native speaker
 * of the trade would write it, not translated word for word. */
static const BdDefaultTemplate templates[] = {
  /* English */
  { "backorder_confirmation", "en", "Backorder confirmation",
    "Your order {{order.ref}}: {{product.name}} is on its way to us",
    "Dear {{customer.name}},\n\n"
    "thank you for your order {{order.ref}}. {{product.name}} ({{quantity}}) is not in stock right now; "
    "we have ordered it and expect to send it on {{eta}} ({{eta_range}}).\n\n"
    "You do not need to do anything: we will write again as soon as it ships, or if the date changes.\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },
  { "delay_update", "en", "Delay update",
    "Your order {{order.ref}}: a new date for {{product.name}}",
    "Dear {{customer.name}},\n\n"
    "we are sorry: {{product.name}} from your order {{order.ref}} is taking longer than we said. "
    "We now expect to send it on {{eta}} ({{eta_range}}).\n\n"
    "If you have any questions, just reply to this email.\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },
  { "delay_notice", "en", "Delay notice with the option to cancel",
    "Your order {{order.ref}} is delayed: please tell us whether to wait",
    "Dear {{customer.name}},\n\n"
    "we cannot send {{product.name}} from your order {{order.ref}} by {{promised_at}} as promised. "
    "Our new expected date is {{eta}} ({{eta_range}}).\n\n"
    "You may agree to wait until then, or cancel this item for a full and prompt refund. "
    "Please reply by {{cancel_deadline}}.\n\n"
    "We apologise for the delay.\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },
  { "shipped", "en", "Back in stock and shipped",
    "Your order {{order.ref}}: {{product.name}} has shipped",
    "Dear {{customer.name}},\n\n"
    "good news: {{product.name}} ({{quantity}}) from your order {{order.ref}} is back in stock and on its way to you.\n\n"
    "Thank you for your patience.\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },
  { "cancellation", "en", "Cancellation and refund",
    "Your order {{order.ref}}: {{product.name}} cancelled and refunded",
    "Dear {{customer.name}},\n\n"
    "as agreed, we have cancelled {{product.name}} ({{quantity}}) from your order {{order.ref}} "
    "and refunded it in full to your original payment method.\n\n"
    "We are sorry we could not deliver it in time.\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },
  { "alternative_offer", "en", "Alternative product offer",
    "Your order {{order.ref}}: an alternative to {{product.name}}",
    "Dear {{customer.name}},\n\n"
    "{{product.name}} from your order {{order.ref}} is expected on {{eta}}. If you would rather not wait, "
    "these are in stock and can ship right away:\n\n{{alternatives}}\n\n"
    "Reply with the one you would like, and we will swap it at no extra cost.\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },
  { "incentive", "en", "Incentive",
    "Thank you for waiting: {{incentive}} on your order {{order.ref}}",
    "Dear {{customer.name}},\n\n"
    "thank you for waiting for {{product.name}}. As a thank-you we are giving you {{incentive}} "
    "on your order {{order.ref}}.\n\n"
    "We expect to send it on {{eta}}.\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },
  { "complaint_reply", "en", "Complaint reply",
    "About your order {{order.ref}}",
    "Dear {{customer.name}},\n\n"
    "thank you for telling us about the trouble with your order {{order.ref}}. We are sorry it has not gone as it should. "
    "{{product.name}} is now expected on {{eta}}, and we are keeping a close eye on it.\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },
  { "purchase_order", "en", "Purchase order",
    "Purchase order {{po.number}} from {{company.name}}",
    "Dear {{supplier.contact}},\n\n"
    "please find attached our purchase order {{po.number}}:\n\n{{po.lines}}\n\n"
    "We would like delivery by {{po.expected_at}}. Please confirm the order and its delivery date.\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },
  { "rfq", "en", "Request for quotation",
    "Request for quotation {{po.number}} from {{company.name}}",
    "Dear {{supplier.contact}},\n\n"
    "could you quote prices and your earliest delivery date for the following?\n\n{{po.lines}}\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },
  { "chase", "en", "Chase a supplier",
    "Purchase order {{po.number}}: please confirm the delivery date",
    "Dear {{supplier.contact}},\n\n"
    "we have not yet had a confirmation of our purchase order {{po.number}}, which we expected by {{po.expected_at}}. "
    "Our customers are waiting for these items:\n\n{{po.lines}}\n\n"
    "Could you let us know when they will ship?\n\n"
    "Kind regards,\n{{agent.name}}\n{{company.name}}" },

  /* German */
  { "backorder_confirmation", "de", "Bestätigung einer Nachlieferung",
    "Ihre Bestellung {{order.ref}}: {{product.name}} ist nachbestellt",
    "Guten Tag {{customer.name}},\n\n"
    "vielen Dank für Ihre Bestellung {{order.ref}}. {{product.name}} ({{quantity}}) ist gerade nicht vorrätig; "
    "wir haben den Artikel nachbestellt und rechnen mit dem Versand am {{eta}} ({{eta_range}}).\n\n"
    "Sie müssen nichts weiter tun: Wir melden uns, sobald er verschickt ist oder falls sich der Termin ändert.\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },
  { "delay_update", "de", "Neuer Liefertermin",
    "Ihre Bestellung {{order.ref}}: neuer Termin für {{product.name}}",
    "Guten Tag {{customer.name}},\n\n"
    "leider dauert {{product.name}} aus Ihrer Bestellung {{order.ref}} länger als angekündigt. "
    "Wir rechnen jetzt mit dem Versand am {{eta}} ({{eta_range}}).\n\n"
    "Bei Fragen antworten Sie einfach auf diese E-Mail.\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },
  { "delay_notice", "de", "Lieferverzögerung mit Rücktrittsmöglichkeit",
    "Ihre Bestellung {{order.ref}} verzögert sich: Möchten Sie warten?",
    "Guten Tag {{customer.name}},\n\n"
    "wir können {{product.name}} aus Ihrer Bestellung {{order.ref}} nicht wie zugesagt bis zum {{promised_at}} versenden. "
    "Der neue voraussichtliche Termin ist der {{eta}} ({{eta_range}}).\n\n"
    "Sie können bis dahin warten oder den Artikel stornieren; den vollen Betrag erstatten wir Ihnen umgehend. "
    "Bitte geben Sie uns bis zum {{cancel_deadline}} Bescheid.\n\n"
    "Bitte entschuldigen Sie die Verzögerung.\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },
  { "shipped", "de", "Wieder vorrätig und versandt",
    "Ihre Bestellung {{order.ref}}: {{product.name}} ist unterwegs",
    "Guten Tag {{customer.name}},\n\n"
    "gute Nachricht: {{product.name}} ({{quantity}}) aus Ihrer Bestellung {{order.ref}} ist wieder da und auf dem Weg zu Ihnen.\n\n"
    "Vielen Dank für Ihre Geduld.\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },
  { "cancellation", "de", "Stornierung und Erstattung",
    "Ihre Bestellung {{order.ref}}: {{product.name}} storniert und erstattet",
    "Guten Tag {{customer.name}},\n\n"
    "wie besprochen haben wir {{product.name}} ({{quantity}}) aus Ihrer Bestellung {{order.ref}} storniert "
    "und den vollen Betrag auf Ihr ursprüngliches Zahlungsmittel erstattet.\n\n"
    "Es tut uns leid, dass wir nicht rechtzeitig liefern konnten.\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },
  { "alternative_offer", "de", "Angebot eines anderen Artikels",
    "Ihre Bestellung {{order.ref}}: eine Alternative zu {{product.name}}",
    "Guten Tag {{customer.name}},\n\n"
    "{{product.name}} aus Ihrer Bestellung {{order.ref}} erwarten wir am {{eta}}. Wenn Sie nicht so lange warten möchten, "
    "sind diese Artikel vorrätig und sofort lieferbar:\n\n{{alternatives}}\n\n"
    "Antworten Sie uns mit Ihrer Wahl, und wir tauschen ohne Aufpreis.\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },
  { "incentive", "de", "Dankeschön fürs Warten",
    "Danke fürs Warten: {{incentive}} auf Ihre Bestellung {{order.ref}}",
    "Guten Tag {{customer.name}},\n\n"
    "danke, dass Sie auf {{product.name}} warten. Als Dankeschön erhalten Sie {{incentive}} "
    "auf Ihre Bestellung {{order.ref}}.\n\n"
    "Wir rechnen mit dem Versand am {{eta}}.\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },
  { "complaint_reply", "de", "Antwort auf eine Beschwerde",
    "Zu Ihrer Bestellung {{order.ref}}",
    "Guten Tag {{customer.name}},\n\n"
    "danke, dass Sie uns auf das Problem mit Ihrer Bestellung {{order.ref}} hingewiesen haben. Es tut uns leid, dass es nicht wie geplant lief. "
    "{{product.name}} erwarten wir jetzt am {{eta}}, und wir behalten die Lieferung genau im Blick.\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },
  { "purchase_order", "de", "Bestellung",
    "Bestellung {{po.number}} von {{company.name}}",
    "Guten Tag {{supplier.contact}},\n\n"
    "anbei unsere Bestellung {{po.number}}:\n\n{{po.lines}}\n\n"
    "Wir bitten um Lieferung bis zum {{po.expected_at}}. Bitte bestätigen Sie die Bestellung und den Liefertermin.\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },
  { "rfq", "de", "Angebotsanfrage",
    "Angebotsanfrage {{po.number}} von {{company.name}}",
    "Guten Tag {{supplier.contact}},\n\n"
    "bitte nennen Sie uns Preise und Ihren frühesten Liefertermin für:\n\n{{po.lines}}\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },
  { "chase", "de", "Nachfrage beim Lieferanten",
    "Bestellung {{po.number}}: Bitte bestätigen Sie den Liefertermin",
    "Guten Tag {{supplier.contact}},\n\n"
    "für unsere Bestellung {{po.number}}, die wir bis zum {{po.expected_at}} erwartet haben, liegt uns noch keine Bestätigung vor. "
    "Unsere Kunden warten auf diese Artikel:\n\n{{po.lines}}\n\n"
    "Können Sie uns sagen, wann sie versandt werden?\n\n"
    "Freundliche Grüße\n{{agent.name}}\n{{company.name}}" },

  /* French */
  { "backorder_confirmation", "fr", "Confirmation de réapprovisionnement",
    "Votre commande {{order.ref}} : {{product.name}} est en réapprovisionnement",
    "Bonjour {{customer.name}},\n\n"
    "merci pour votre commande {{order.ref}}. {{product.name}} ({{quantity}}) n’est pas en stock pour le moment ; "
    "nous l’avons commandé et prévoyons de l’expédier le {{eta}} ({{eta_range}}).\n\n"
    "Vous n’avez rien à faire : nous vous écrirons dès l’expédition, ou si la date change.\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },
  { "delay_update", "fr", "Nouvelle date de livraison",
    "Votre commande {{order.ref}} : nouvelle date pour {{product.name}}",
    "Bonjour {{customer.name}},\n\n"
    "nous sommes désolés : {{product.name}} de votre commande {{order.ref}} prend plus de temps que prévu. "
    "Nous prévoyons désormais de l’expédier le {{eta}} ({{eta_range}}).\n\n"
    "Pour toute question, il vous suffit de répondre à ce message.\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },
  { "delay_notice", "fr", "Avis de retard avec possibilité d’annuler",
    "Votre commande {{order.ref}} est retardée : souhaitez-vous attendre ?",
    "Bonjour {{customer.name}},\n\n"
    "nous ne pouvons pas expédier {{product.name}} de votre commande {{order.ref}} d’ici le {{promised_at}} comme promis. "
    "La nouvelle date prévue est le {{eta}} ({{eta_range}}).\n\n"
    "Vous pouvez accepter d’attendre, ou annuler cet article et être remboursé intégralement et sans délai. "
    "Merci de nous répondre avant le {{cancel_deadline}}.\n\n"
    "Veuillez nous excuser pour ce retard.\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },
  { "shipped", "fr", "De retour en stock et expédié",
    "Votre commande {{order.ref}} : {{product.name}} est expédié",
    "Bonjour {{customer.name}},\n\n"
    "bonne nouvelle : {{product.name}} ({{quantity}}) de votre commande {{order.ref}} est de retour en stock et en route vers vous.\n\n"
    "Merci de votre patience.\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },
  { "cancellation", "fr", "Annulation et remboursement",
    "Votre commande {{order.ref}} : {{product.name}} annulé et remboursé",
    "Bonjour {{customer.name}},\n\n"
    "comme convenu, nous avons annulé {{product.name}} ({{quantity}}) de votre commande {{order.ref}} "
    "et l’avons remboursé intégralement sur votre moyen de paiement d’origine.\n\n"
    "Nous regrettons de n’avoir pas pu le livrer à temps.\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },
  { "alternative_offer", "fr", "Proposition d’un autre article",
    "Votre commande {{order.ref}} : une alternative à {{product.name}}",
    "Bonjour {{customer.name}},\n\n"
    "{{product.name}} de votre commande {{order.ref}} est attendu le {{eta}}. Si vous préférez ne pas attendre, "
    "ces articles sont en stock et peuvent partir tout de suite :\n\n{{alternatives}}\n\n"
    "Répondez-nous avec votre choix et nous l’échangerons sans frais.\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },
  { "incentive", "fr", "Geste commercial",
    "Merci de votre patience : {{incentive}} sur votre commande {{order.ref}}",
    "Bonjour {{customer.name}},\n\n"
    "merci d’attendre {{product.name}}. Pour vous remercier, nous vous offrons {{incentive}} "
    "sur votre commande {{order.ref}}.\n\n"
    "Nous prévoyons de l’expédier le {{eta}}.\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },
  { "complaint_reply", "fr", "Réponse à une réclamation",
    "À propos de votre commande {{order.ref}}",
    "Bonjour {{customer.name}},\n\n"
    "merci de nous avoir signalé le problème avec votre commande {{order.ref}}. Nous sommes désolés que cela ne se soit pas passé comme prévu. "
    "{{product.name}} est désormais attendu le {{eta}}, et nous suivons la livraison de près.\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },
  { "purchase_order", "fr", "Bon de commande",
    "Bon de commande {{po.number}} de {{company.name}}",
    "Bonjour {{supplier.contact}},\n\n"
    "veuillez trouver ci-joint notre bon de commande {{po.number}} :\n\n{{po.lines}}\n\n"
    "Nous souhaitons être livrés d’ici le {{po.expected_at}}. Merci de confirmer la commande et sa date de livraison.\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },
  { "rfq", "fr", "Demande de devis",
    "Demande de devis {{po.number}} de {{company.name}}",
    "Bonjour {{supplier.contact}},\n\n"
    "pourriez-vous nous indiquer vos prix et votre date de livraison la plus proche pour :\n\n{{po.lines}}\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },
  { "chase", "fr", "Relance fournisseur",
    "Bon de commande {{po.number}} : merci de confirmer la date de livraison",
    "Bonjour {{supplier.contact}},\n\n"
    "nous n’avons pas encore reçu de confirmation pour notre bon de commande {{po.number}}, attendu pour le {{po.expected_at}}. "
    "Nos clients attendent ces articles :\n\n{{po.lines}}\n\n"
    "Pourriez-vous nous dire quand ils seront expédiés ?\n\n"
    "Bien cordialement,\n{{agent.name}}\n{{company.name}}" },

  /* Spanish */
  { "backorder_confirmation", "es", "Confirmación de pedido pendiente",
    "Su pedido {{order.ref}}: {{product.name}} está en camino a nuestro almacén",
    "Estimado/a {{customer.name}}:\n\n"
    "gracias por su pedido {{order.ref}}. {{product.name}} ({{quantity}}) no está en stock en este momento; "
    "lo hemos pedido y esperamos enviarlo el {{eta}} ({{eta_range}}).\n\n"
    "No tiene que hacer nada: le escribiremos en cuanto se envíe o si cambia la fecha.\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
  { "delay_update", "es", "Nueva fecha de entrega",
    "Su pedido {{order.ref}}: nueva fecha para {{product.name}}",
    "Estimado/a {{customer.name}}:\n\n"
    "lo sentimos: {{product.name}} de su pedido {{order.ref}} está tardando más de lo previsto. "
    "Ahora esperamos enviarlo el {{eta}} ({{eta_range}}).\n\n"
    "Si tiene cualquier pregunta, basta con responder a este correo.\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
  { "delay_notice", "es", "Aviso de retraso con opción de cancelar",
    "Su pedido {{order.ref}} se retrasa: díganos si desea esperar",
    "Estimado/a {{customer.name}}:\n\n"
    "no podemos enviar {{product.name}} de su pedido {{order.ref}} antes del {{promised_at}}, como le prometimos. "
    "La nueva fecha prevista es el {{eta}} ({{eta_range}}).\n\n"
    "Puede aceptar esperar hasta entonces o cancelar este artículo y recibir el reembolso completo de inmediato. "
    "Por favor, respóndanos antes del {{cancel_deadline}}.\n\n"
    "Le pedimos disculpas por el retraso.\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
  { "shipped", "es", "De nuevo en stock y enviado",
    "Su pedido {{order.ref}}: {{product.name}} ya está en camino",
    "Estimado/a {{customer.name}}:\n\n"
    "buenas noticias: {{product.name}} ({{quantity}}) de su pedido {{order.ref}} vuelve a estar en stock y va de camino.\n\n"
    "Gracias por su paciencia.\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
  { "cancellation", "es", "Cancelación y reembolso",
    "Su pedido {{order.ref}}: {{product.name}} cancelado y reembolsado",
    "Estimado/a {{customer.name}}:\n\n"
    "como acordamos, hemos cancelado {{product.name}} ({{quantity}}) de su pedido {{order.ref}} "
    "y le hemos reembolsado el importe completo en su método de pago original.\n\n"
    "Sentimos no haber podido entregarlo a tiempo.\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
  { "alternative_offer", "es", "Oferta de un producto alternativo",
    "Su pedido {{order.ref}}: una alternativa a {{product.name}}",
    "Estimado/a {{customer.name}}:\n\n"
    "esperamos {{product.name}} de su pedido {{order.ref}} el {{eta}}. Si prefiere no esperar, "
    "estos artículos están en stock y pueden enviarse ya:\n\n{{alternatives}}\n\n"
    "Respóndanos con el que prefiera y lo cambiaremos sin coste adicional.\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
  { "incentive", "es", "Detalle por la espera",
    "Gracias por esperar: {{incentive}} en su pedido {{order.ref}}",
    "Estimado/a {{customer.name}}:\n\n"
    "gracias por esperar {{product.name}}. Como agradecimiento, le ofrecemos {{incentive}} "
    "en su pedido {{order.ref}}.\n\n"
    "Esperamos enviarlo el {{eta}}.\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
  { "complaint_reply", "es", "Respuesta a una reclamación",
    "Sobre su pedido {{order.ref}}",
    "Estimado/a {{customer.name}}:\n\n"
    "gracias por informarnos del problema con su pedido {{order.ref}}. Lamentamos que no haya ido como debía. "
    "Ahora esperamos {{product.name}} el {{eta}} y seguimos la entrega de cerca.\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
  { "purchase_order", "es", "Orden de compra",
    "Orden de compra {{po.number}} de {{company.name}}",
    "Estimado/a {{supplier.contact}}:\n\n"
    "adjuntamos nuestra orden de compra {{po.number}}:\n\n{{po.lines}}\n\n"
    "Nos gustaría recibirla antes del {{po.expected_at}}. Por favor, confirme el pedido y su fecha de entrega.\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
  { "rfq", "es", "Solicitud de presupuesto",
    "Solicitud de presupuesto {{po.number}} de {{company.name}}",
    "Estimado/a {{supplier.contact}}:\n\n"
    "¿podría indicarnos precios y su fecha de entrega más temprana para lo siguiente?\n\n{{po.lines}}\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
  { "chase", "es", "Recordatorio al proveedor",
    "Orden de compra {{po.number}}: confirme la fecha de entrega",
    "Estimado/a {{supplier.contact}}:\n\n"
    "aún no hemos recibido la confirmación de nuestra orden de compra {{po.number}}, que esperábamos para el {{po.expected_at}}. "
    "Nuestros clientes esperan estos artículos:\n\n{{po.lines}}\n\n"
    "¿Podría decirnos cuándo se enviarán?\n\n"
    "Un cordial saludo,\n{{agent.name}}\n{{company.name}}" },
};

const BdTemplateKind *
bd_template_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const BdTemplateKind *
bd_template_kind_find (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return &kinds[i];

  return NULL;
}

const BdDefaultTemplate *
bd_default_templates (guint *n_templates)
{
  *n_templates = G_N_ELEMENTS (templates);
  return templates;
}

/* The same uuid on every machine for the default of @kind in @language: a
 * name-based uuid (the UUIDv5 layout, SHA-1 of a fixed name), so that sync
 * finds the row every store already has instead of adding another. */
char *
bd_default_template_uuid (const char *kind,
                          const char *language)
{
  g_autofree char *name = g_strdup_printf ("backorder-desk:template:%s:%s", kind, language);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize length = sizeof digest;

  g_checksum_update (checksum, (const guchar *)name, -1);
  g_checksum_get_digest (checksum, digest, &length);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

/* The defaults into a store (schema step 4, in its transaction): a row
 * that is there already, the same default or a person's edit of it, is
 * kept. */
gboolean
bd_default_templates_insert (sqlite3  *db,
                             GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_OK;

  rc = sqlite3_prepare_v2 (db,
                           "INSERT OR IGNORE INTO templates (kind, language, name, subject, body, uuid,"
                           " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < G_N_ELEMENTS (templates); i++)
    {
      g_autofree char *uuid = bd_default_template_uuid (templates[i].kind, templates[i].language);

      sqlite3_bind_text (stmt, 1, templates[i].kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, templates[i].language, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, templates[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, templates[i].subject, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, templates[i].body, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, now_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, now_text, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
      sqlite3_reset (stmt);
    }

  if (rc != SQLITE_OK)
    g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_SQL,
                 _("Could not write the default message templates: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}
