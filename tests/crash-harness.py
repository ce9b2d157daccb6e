#!/usr/bin/python3
# crash-harness.py: kills backorder-desk-cli at random moments and checks
# that the store survives whole
#
# Copyright 2026 The Backorder Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash harness for the store.

Makes a store with `demo`, then runs random writes through
backorder-desk-cli (imports of new orders, re-imports that change
quantities, ship and cancel lines, status changes, priorities, notes,
complaints, commands that must be refused) and kills some of them with
SIGKILL after a random delay: before the program starts, while it writes,
while it commits, or while it closes. After each kill it checks the store:

- PRAGMA integrity_check is "ok" and PRAGMA foreign_key_check is empty
  (and, after half of the kills, the full-text indexes agree with their
  tables);
- every change of a command that exited 0 is there, as an expected-state
  model of the store predicts it;
- the killed command's change is either all there or not there at all:
  the store equals the model either without it or with it, and the harness
  goes on from whichever it is.

Only Python's standard library, so that it runs with Debian's python3.
The seed fixes the commands and the kill delays; where a kill lands in the
program still depends on timing, so a replay takes the same path only as
long as the kills land on the same side of each commit.
"""

import argparse
import collections
import csv
import datetime
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

# TODO: a bulk cancel is emulated by an import whose rows set cancelled_at on
# many lines. The desk's own bulk cancel (bd_actions_set_status() over many
# lines, with a reason) has no CLI form yet; once it has one (for example
# `backorder set-status REF... cancelled --reason TEXT`), drive it here too.
# TODO: purchasing writes (POs, receipts, allocations) and sync pulls, when
# their commands exist.

OPEN = ('waiting', 'on_order', 'allocated')
CATEGORIES = ('delay', 'communication', 'refund', 'product', 'other')
LINE_FIELDS = ('quantity', 'backordered_quantity', 'status', 'priority',
               'cancel_reason', 'refunded', 'shipped', 'cancelled')
ORDER_COLUMNS = ('order_ref', 'ordered_at', 'customer_ref', 'customer_name',
                 'customer_email', 'sku', 'product_name', 'quantity',
                 'backordered_quantity', 'unit_price', 'currency', 'promised_at',
                 'shipped_at', 'cancelled_at')
DEMO = 'the demo store'

# Texts with what CSV files and command lines make hard: commas, quotes,
# line breaks, non-ASCII letters.
PHRASES = (
    'Customer called, wants an ETA',
    'Said "next week" on the phone',
    'Zoë asked to split the shipment',
    'Kunde möchte Teillieferung; Ersatz angeboten',
    'Promised a 10% voucher',
    'Two lines:\nfirst, then second',
    'Supplier → delayed again',
    'Refund? Not yet',
)


class CheckFailed(Exception):
    pass


# The store, read as facts: {key: value}. The model holds the same keys.

def connect_readonly(path):
    # Read-only, so that closing does not checkpoint: the next command then
    # finds the WAL the killed one left and recovers it itself.
    uri = 'file:%s?mode=ro' % urllib.parse.quote(path)
    return sqlite3.connect(uri, uri=True)


def read_facts(con):
    facts = {}

    def bump(key):
        facts[key] = facts.get(key, 0) + 1

    facts[('pragma', 'user_version')] = con.execute('PRAGMA user_version').fetchone()[0]
    facts[('pragma', 'journal_mode')] = con.execute('PRAGMA journal_mode').fetchone()[0]
    for table in ('customers', 'products', 'orders', 'order_lines', 'notes', 'complaints'):
        facts[('count', table)] = con.execute('SELECT count(*) FROM %s' % table).fetchone()[0]

    for ref, name, email in con.execute('SELECT ref, name, email FROM customers'):
        facts[('customer', ref)] = (name, email)
    for sku, name in con.execute('SELECT sku, name FROM products'):
        facts[('product', sku)] = name
    for ref, customer, ordered_at, currency in con.execute(
            'SELECT o.ref, c.ref, o.ordered_at, o.currency'
            ' FROM orders o LEFT JOIN customers c ON c.id = o.customer_id'):
        facts[('order', ref)] = (customer, ordered_at, currency)

    # LEFT JOINs, so that a row whose parent is gone shows up as a wrong
    # fact rather than not at all.
    refs = {}
    for row in con.execute(
            "SELECT l.id, o.ref || '/' || p.sku, l.quantity, l.backordered_quantity,"
            '  l.status, l.priority, l.cancel_reason, l.refunded,'
            '  l.shipped_at IS NOT NULL, l.cancelled_at IS NOT NULL'
            ' FROM order_lines l'
            ' LEFT JOIN orders o ON o.id = l.order_id'
            ' LEFT JOIN products p ON p.id = l.product_id'
            ' WHERE l.deleted = 0'):
        refs[row[0]] = row[1]
        for field, value in zip(LINE_FIELDS, row[2:]):
            facts[('line', row[1], field)] = value

    line_join = (" LEFT JOIN order_lines l ON l.id = x.line_id"
                 " LEFT JOIN orders o ON o.id = l.order_id"
                 " LEFT JOIN products p ON p.id = l.product_id")
    for ref, body in con.execute("SELECT o.ref || '/' || p.sku, x.body FROM notes x"
                                 + line_join + ' WHERE x.deleted = 0'):
        bump(('note', ref, body))
    for ref, category, body in con.execute("SELECT o.ref || '/' || p.sku, x.category, x.body"
                                           ' FROM complaints x' + line_join +
                                           ' WHERE x.deleted = 0'):
        bump(('complaint', ref, category, body))

    for (summary,) in con.execute("SELECT new_value FROM events WHERE action = 'import'"):
        try:
            bump(('import', json.loads(summary)['file']))
        except (TypeError, ValueError, KeyError):
            bump(('import', 'unreadable summary: %r' % summary))
    for action, n in con.execute("SELECT action, count(*) FROM events"
                                 " WHERE action IN ('note', 'complaint') GROUP BY action"):
        facts[('events', action)] = n

    # A status or priority set by hand and its event are one change: the
    # line's latest event of each says the value the line has now, unless
    # an import changed the status since (the model knows when).
    for line_id, field, value in con.execute(
            'SELECT line_id, field, new_value FROM events WHERE id IN'
            ' (SELECT max(id) FROM events'
            "  WHERE (action = 'status' AND field = 'status')"
            "     OR (action = 'priority' AND field = 'priority')"
            '  GROUP BY line_id, field)'):
        facts[('last-event', refs.get(line_id, 'line id %s' % line_id), field)] = value

    return facts


def check_fts(path):
    """The full-text indexes agree with their tables (rank = 1 compares
    them with the content tables too)."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for table in ('customers_fts', 'products_fts', 'orders_fts', 'notes_fts'):
            try:
                con.execute("INSERT INTO %s (%s, rank) VALUES ('integrity-check', 1)"
                            % (table, table))
            except sqlite3.DatabaseError as e:
                raise CheckFailed('the full-text index %s does not match its table: %s'
                                  % (table, e))
    finally:
        con.close()


def describe(key):
    kind = key[0]
    if kind == 'line':
        return 'line %s: %s' % (key[1], key[2])
    if kind == 'note':
        return 'notes on %s saying %r (how many)' % (key[1], key[2])
    if kind == 'complaint':
        return 'complaints (%s) on %s saying %r (how many)' % (key[2], key[1], key[3])
    if kind == 'import':
        return 'import events of %s (how many)' % key[1]
    if kind == 'events':
        return '%s events (how many)' % key[1]
    if kind == 'last-event':
        return 'line %s: new value of its latest %s event' % (key[1], key[2])
    if kind == 'count':
        return 'rows in %s' % key[1]
    if kind == 'order':
        return 'order %s (customer, ordered_at, currency)' % key[1]
    if kind == 'customer':
        return 'customer %s (name, email)' % key[1]
    if kind == 'product':
        return 'product %s (name)' % key[1]
    return ' '.join(str(k) for k in key)


def shown(value):
    return 'nothing' if value is None else repr(value)


def differences(a, b):
    return {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


def listed(lines, limit=12):
    lines = sorted(lines)
    more = ['... and %d more' % (len(lines) - limit)] if len(lines) > limit else []
    return ['  ' + line for line in lines[:limit]] + more


def lost_changes(origin, keys, expected, found):
    """What is lost of what one command wrote, a missing line as one."""
    missing = sorted({k[1] for k in keys
                      if k[0] == 'line' and ('line', k[1], 'quantity') not in found})
    entries = ['line %s is missing' % ref for ref in missing]
    entries += ['%s: expected %s, found %s'
                % (describe(k), shown(expected.get(k)), shown(found.get(k)))
                for k in keys if not (k[0] == 'line' and k[1] in missing)]
    head = '%d facts that %s wrote are lost or altered' % (len(keys), origin)
    if missing:
        head += ', among them %d whole lines' % len(missing)
    return [head + ':'] + listed(entries)


class Model:
    """The store as the commands that exited 0 made it: the same facts
    read_facts() reads, and for each the command that last set it."""

    def __init__(self, facts, origin=None):
        self.touched = set()
        self.facts = facts
        self.origin = origin if origin is not None else {}
        self.refs = sorted(k[1] for k in facts if k[0] == 'line' and k[2] == 'status')
        self.customers = sorted(k[1] for k in facts if k[0] == 'customer')
        self.skus = sorted(k[1] for k in facts if k[0] == 'product')

    def copy(self):
        other = Model.__new__(Model)
        other.touched = set()
        other.facts = dict(self.facts)
        other.origin = dict(self.origin)
        other.refs = list(self.refs)
        other.customers = list(self.customers)
        other.skus = list(self.skus)
        return other

    def get(self, key):
        return self.facts.get(key)

    def set(self, key, value, by):
        if self.facts.get(key) != value or key not in self.facts:
            self.facts[key] = value
            self.origin[key] = by
            self.touched.add(key)

    def bump(self, key, by):
        self.facts[key] = self.facts.get(key, 0) + 1
        self.origin[key] = by
        self.touched.add(key)

    def line(self, ref, field):
        return self.facts[('line', ref, field)]

    def set_line(self, ref, field, value, by):
        self.set(('line', ref, field), value, by)


# Commands: what to run, what it should exit with, and what it does to the
# model.

class Command:
    def __init__(self, kind, argv, label, apply=None, expect_rc=0, ref=None, text=None):
        self.kind = kind
        self.argv = argv
        self.label = label
        self.apply_fn = apply
        self.expect_rc = expect_rc
        self.ref = ref
        self.text = text
        self.number = 0

    def tag(self):
        return 'command #%d (%s)' % (self.number, self.label)

    def apply(self, model):
        if self.apply_fn is not None:
            self.apply_fn(model, self.tag())


def apply_import(model, rows, name, by):
    """The re-import rules of bd-import.c: the file is the truth for the
    order facts it gives; a shipped_at or cancelled_at closes the line; the
    desk's priority, notes and reasons stay."""
    for r in rows:
        if ('customer', r['customer_ref']) not in model.facts:
            model.set(('customer', r['customer_ref']),
                      (r['customer_name'], r['customer_email'] or None), by)
            model.set(('count', 'customers'), model.get(('count', 'customers')) + 1, by)
            model.customers.append(r['customer_ref'])
        if ('product', r['sku']) not in model.facts:
            model.set(('product', r['sku']), r['product_name'], by)
            model.set(('count', 'products'), model.get(('count', 'products')) + 1, by)
            model.skus.append(r['sku'])
        if ('order', r['order_ref']) not in model.facts:
            model.set(('count', 'orders'), model.get(('count', 'orders')) + 1, by)
        model.set(('order', r['order_ref']),
                  (r['customer_ref'], r['ordered_at'], r['currency']), by)

        ref = '%s/%s' % (r['order_ref'], r['sku'])
        if ('line', ref, 'status') in model.facts:
            old_status = model.line(ref, 'status')
        else:
            old_status = None
            model.set(('count', 'order_lines'), model.get(('count', 'order_lines')) + 1, by)
            model.refs.append(ref)
            for field, value in (('status', None), ('priority', 0), ('cancel_reason', None),
                                 ('refunded', 0), ('shipped', 0), ('cancelled', 0)):
                model.set_line(ref, field, value, by)

        quantity = int(r['quantity'])
        backordered = int(r['backordered_quantity'] or 0)
        model.set_line(ref, 'quantity', quantity, by)
        model.set_line(ref, 'backordered_quantity', backordered, by)

        closed = 'shipped' if r['shipped_at'] else 'cancelled' if r['cancelled_at'] else None
        if old_status is None:
            if backordered > 0:
                model.set_line(ref, 'status', closed or 'waiting', by)
        elif closed is not None and closed != old_status:
            model.set_line(ref, 'status', closed, by)
        if r['shipped_at']:
            model.set_line(ref, 'shipped', 1, by)
        if r['cancelled_at']:
            model.set_line(ref, 'cancelled', 1, by)

    model.bump(('import', name), by)


class Generator:
    WEIGHTS = {
        'note': 14,
        'complaint': 8,
        'set-priority': 12,
        'set-status': 22,
        'import-new': 14,
        'import-update': 10,
        'import-bulk-cancel': 8,
        'import-again': 4,
        'refused-status': 3,
        'refused-import': 5,
    }

    def __init__(self, rng, cli, database, workdir):
        self.rng = rng
        self.cli = cli
        self.database = database
        self.workdir = workdir
        self.n_files = 0
        self.n_orders = 0
        self.n_customers = 0
        self.n_products = 0
        self.n_texts = 0
        self.files = []

    def base(self):
        return [self.cli, '--database', self.database]

    def text(self):
        self.n_texts += 1
        return '%s (h%d)' % (self.rng.choice(PHRASES), self.n_texts)

    def pick(self, model, want, tries=300):
        """A random line whose status `want` accepts, or None."""
        for _ in range(tries):
            ref = self.rng.choice(model.refs)
            if want(model.line(ref, 'status')):
                return ref
        # few lines left that qualify (bulk cancels close many): look at all
        fitting = [r for r in model.refs if want(model.line(r, 'status'))]
        return self.rng.choice(fitting) if fitting else None

    def pick_many(self, model, want, n):
        refs = [r for r in self.rng.sample(model.refs, min(len(model.refs), n * 3))
                if want(model.line(r, 'status'))]
        return refs[:n]

    def next(self, model):
        kinds = list(self.WEIGHTS)
        while True:
            kind = self.rng.choices(kinds, [self.WEIGHTS[k] for k in kinds])[0]
            command = getattr(self, 'make_' + kind.replace('-', '_'))(model)
            if command is not None:
                return command

    # Commands of the desk

    def make_note(self, model):
        ref = self.pick(model, lambda s: s is not None)
        body = self.text()

        def apply(m, by):
            m.bump(('note', ref, body), by)
            m.bump(('events', 'note'), by)
            m.set(('count', 'notes'), m.get(('count', 'notes')) + 1, by)

        return Command('note', self.base() + ['backorder', 'note', ref, body],
                       'backorder note %s' % ref, apply, ref=ref, text=body)

    def make_complaint(self, model):
        ref = self.pick(model, lambda s: s is not None)
        category = self.rng.choice(CATEGORIES)
        body = self.text()

        def apply(m, by):
            m.bump(('complaint', ref, category, body), by)
            m.bump(('events', 'complaint'), by)
            m.set(('count', 'complaints'), m.get(('count', 'complaints')) + 1, by)

        return Command('complaint',
                       self.base() + ['backorder', 'complaint', ref, '--category', category, body],
                       'backorder complaint %s --category %s' % (ref, category), apply)

    def make_set_priority(self, model):
        ref = self.pick(model, lambda s: s is not None)
        priority = self.rng.randrange(3)

        def apply(m, by):
            if m.line(ref, 'priority') != priority:
                m.set_line(ref, 'priority', priority, by)
                m.set(('last-event', ref, 'priority'), str(priority), by)

        return Command('set-priority',
                       self.base() + ['backorder', 'set-priority', ref, str(priority)],
                       'backorder set-priority %s %d' % (ref, priority), apply)

    def make_set_status(self, model, to=None):
        if to == 'shipped':
            ref = self.pick(model, lambda s: s in OPEN)
        else:
            ref = self.pick(model, lambda s: s in OPEN or s == 'cancelled')
        if ref is None:
            return None
        argv = self.base() + ['backorder', 'set-status', ref]

        if model.line(ref, 'status') == 'cancelled':
            # a reopen keeps the refund on record
            def apply(m, by):
                m.set_line(ref, 'status', 'waiting', by)
                m.set_line(ref, 'cancelled', 0, by)
                m.set_line(ref, 'cancel_reason', None, by)
                m.set(('last-event', ref, 'status'), 'waiting', by)
            return Command('set-status', argv + ['waiting'],
                           'backorder set-status %s waiting' % ref, apply, ref=ref)

        if to == 'shipped' or self.rng.random() < 0.45:
            def apply(m, by):
                m.set_line(ref, 'status', 'shipped', by)
                m.set_line(ref, 'shipped', 1, by)
                m.set(('last-event', ref, 'status'), 'shipped', by)
            return Command('set-status', argv + ['shipped'],
                           'backorder set-status %s shipped' % ref, apply, ref=ref)

        reason = self.text()
        refunded = self.rng.random() < 0.4

        def apply(m, by):
            m.set_line(ref, 'status', 'cancelled', by)
            m.set_line(ref, 'cancelled', 1, by)
            m.set_line(ref, 'cancel_reason', reason, by)
            m.set_line(ref, 'refunded', int(refunded), by)
            m.set(('last-event', ref, 'status'), 'cancelled', by)

        return Command('set-status',
                       argv + ['cancelled', '--reason', reason]
                       + (['--refunded'] if refunded else []),
                       'backorder set-status %s cancelled' % ref, apply, ref=ref)

    def make_refused_status(self, model):
        """A transition that is not allowed: exit 1, nothing changes."""
        ref = self.pick(model, lambda s: s in ('shipped', 'waiting'))
        if ref is None:
            return None
        to = 'shipped' if model.line(ref, 'status') == 'shipped' else 'waiting'
        return Command('refused-status',
                       self.base() + ['backorder', 'set-status', ref, to],
                       'backorder set-status %s %s (to be refused)' % (ref, to), expect_rc=1)

    # Imports

    def write_csv(self, what, rows):
        self.n_files += 1
        name = '%s-%04d.csv' % (what, self.n_files)
        path = os.path.join(self.workdir, name)
        with open(path, 'w', newline='', encoding='utf-8') as f:
            writer = csv.DictWriter(f, ORDER_COLUMNS, lineterminator='\n')
            writer.writeheader()
            writer.writerows(rows)
        return name, path

    def import_command(self, kind, what, rows, expect_rc=0):
        name, path = self.write_csv(what, rows)
        if expect_rc == 0:
            self.files.append((name, path, rows))

            def apply(m, by):
                apply_import(m, rows, name, by)
        else:
            apply = None
        return Command(kind, self.base() + ['import', 'orders', path],
                       'import orders %s, %d rows' % (name, len(rows)), apply,
                       expect_rc=expect_rc)

    def date(self, start_days_ago=400):
        moment = (datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)
                  - datetime.timedelta(minutes=self.rng.randrange(start_days_ago * 24 * 60)))
        return moment.strftime('%Y-%m-%dT%H:%M:00Z')

    def row_for_line(self, model, ref, **changes):
        """A row that repeats what the store has for a line."""
        order_ref, _, sku = ref.partition('/')
        customer, ordered_at, currency = model.get(('order', order_ref))
        row = dict.fromkeys(ORDER_COLUMNS, '')
        row.update(order_ref=order_ref, ordered_at=ordered_at, customer_ref=customer, sku=sku,
                   currency=currency, quantity=str(model.line(ref, 'quantity')),
                   backordered_quantity=str(model.line(ref, 'backordered_quantity')))
        row.update(changes)
        return row

    def make_import_new(self, model):
        """New orders, some for new customers and products."""
        rows = []
        target = self.rng.randrange(5, 150)
        while len(rows) < target:
            self.n_orders += 1
            order_ref = 'HX-%06d' % self.n_orders
            ordered_at = self.date()
            currency = self.rng.choice(('USD', 'EUR'))
            if self.rng.random() < 0.15:
                self.n_customers += 1
                customer = ('HC-%05d' % self.n_customers,
                            'Zoë Harness %d' % self.n_customers,
                            'hc%d@harness.example' % self.n_customers)
            else:
                customer = (self.rng.choice(model.customers), '', '')
            skus = set()
            for _ in range(self.rng.randint(1, 4)):
                if self.rng.random() < 0.1:
                    self.n_products += 1
                    sku = 'HSKU-%04d' % self.n_products
                    product_name = 'Harness Widget %d' % self.n_products
                else:
                    sku, product_name = self.rng.choice(model.skus), ''
                if sku in skus:
                    continue
                skus.add(sku)
                quantity = self.rng.randint(1, 9)
                backordered = 0 if self.rng.random() < 0.55 else self.rng.randint(1, quantity)
                closing = self.rng.random() if backordered else 1
                rows.append({
                    'order_ref': order_ref, 'ordered_at': ordered_at,
                    'customer_ref': customer[0], 'customer_name': customer[1],
                    'customer_email': customer[2], 'sku': sku, 'product_name': product_name,
                    'quantity': str(quantity), 'backordered_quantity': str(backordered),
                    'unit_price': self.rng.choice(('', '12.50', '3.99', '120')),
                    'currency': currency,
                    'promised_at': self.rng.choice(('', self.date(30))),
                    'shipped_at': self.date(10) if closing < 0.15 else '',
                    'cancelled_at': self.date(10) if 0.15 <= closing < 0.25 else '',
                })
        return self.import_command('import-new', 'new-orders', rows)

    def update_rows(self, model, n):
        """The nightly re-import: new quantities, some lines shipped or
        cancelled by the shop."""
        rows = []
        for ref in self.pick_many(model, lambda s: s is not None, n):
            quantity = max(1, model.line(ref, 'quantity') + self.rng.randint(-2, 3))
            backordered = self.rng.randint(1, quantity)
            closing = self.rng.random() if model.line(ref, 'status') in OPEN else 1
            rows.append(self.row_for_line(
                model, ref, quantity=str(quantity), backordered_quantity=str(backordered),
                shipped_at=self.date(10) if closing < 0.1 else '',
                cancelled_at=self.date(10) if 0.1 <= closing < 0.2 else ''))
        return rows

    def make_import_update(self, model):
        rows = self.update_rows(model, self.rng.randrange(5, 200))
        return self.import_command('import-update', 'update', rows) if rows else None

    def make_import_bulk_cancel(self, model):
        """Stands in for a bulk cancel (see the TODO at the top)."""
        refs = self.pick_many(model, lambda s: s in OPEN, self.rng.randrange(10, 120))
        if not refs:
            return None
        cancelled_at = self.date(5)
        rows = [self.row_for_line(model, ref, cancelled_at=cancelled_at) for ref in refs]
        return self.import_command('import-bulk-cancel', 'bulk-cancel', rows)

    def make_import_again(self, model):
        """An earlier file again, as when a nightly job runs twice."""
        if not self.files:
            return None
        name, path, rows = self.rng.choice(self.files)

        def apply(m, by):
            apply_import(m, rows, name, by)

        return Command('import-again', self.base() + ['import', 'orders', path],
                       'import orders %s again, %d rows' % (name, len(rows)), apply)

    def make_refused_import(self, model):
        """Many good rows, then a bad one: exit 1, nothing written."""
        rows = self.update_rows(model, self.rng.randrange(20, 200))
        if not rows:
            return None
        bad = dict(rows[-1])
        bad.update(order_ref='HX-BAD-%d' % self.n_files, quantity='0')
        rows.append(bad)
        return self.import_command('refused-import', 'refused', rows, expect_rc=1)


# Running and killing

class Harness:
    def __init__(self, args):
        self.args = args
        self.seed = args.seed
        self.rng = random.Random(self.seed)
        self.workdir = tempfile.mkdtemp(prefix='bd-crash-harness-')
        self.database = os.path.join(self.workdir, 'store.sqlite3')
        self.env = dict(os.environ, TZ='UTC')
        self.gen = Generator(self.rng, args.cli, self.database, self.workdir)
        self.durations = collections.defaultdict(lambda: collections.deque(maxlen=15))
        self.stats = collections.Counter()
        self.by_kind = collections.defaultdict(collections.Counter)
        self.n_commands = 0
        self.kill_number = 0
        self.started = time.monotonic()

    def run(self, argv, delay=None):
        """Runs argv; with a delay, sends SIGKILL that long after the start
        unless it has finished by then. Returns (exit status, stderr,
        seconds); the status is -SIGKILL if the kill landed."""
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=self.env)
        if delay is not None:
            remaining = start + delay - time.monotonic()
            if remaining > 0:
                time.sleep(remaining)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        return proc.returncode, err.decode('utf-8', 'replace'), time.monotonic() - start

    def expected_duration(self, kind):
        times = sorted(self.durations[kind])
        return times[len(times) // 2] if times else 0.05

    def fail(self, lines):
        raise CheckFailed('\n'.join(lines))

    def check(self, alternatives, fts):
        """Checks the store against the model; with two alternatives (the
        model without and with the killed command), the store must equal
        one of them. Returns the one it equals."""
        try:
            con = connect_readonly(self.database)
            try:
                result = [r[0] for r in con.execute('PRAGMA integrity_check')]
                if result != ['ok']:
                    self.fail(['PRAGMA integrity_check is not "ok":'] + listed(result))
                violations = con.execute('PRAGMA foreign_key_check').fetchall()
                if violations:
                    self.fail(['PRAGMA foreign_key_check found %d rows whose parent is missing'
                               ' (table, rowid, parent, foreign key):' % len(violations)]
                              + listed(str(v) for v in violations))
                found = read_facts(con)
            finally:
                con.close()
        except sqlite3.DatabaseError as e:
            raise CheckFailed('the store cannot be read: %s' % e)

        # Plain equality first: it is the common case, and far faster than
        # working out the differences of a few hundred thousand facts.
        matched = next((m for m in alternatives if found == m.facts), None)
        if matched is None:
            matched = next((m for m in alternatives if not differences(found, m.facts)), None)
        if matched is not None:
            if fts:
                check_fts(self.database)
                self.stats['fts_checks'] += 1
            return matched

        without = alternatives[0]
        lost = differences(found, without.facts)
        lines = []
        if len(alternatives) > 1:
            with_ = alternatives[1]
            own = differences(without.facts, with_.facts)
            lost -= own
            present = {k for k in own if found.get(k) == with_.get(k)}
            absent = {k for k in own if found.get(k) == without.get(k)}
            if present != own and absent != own:
                lines.append('the killed command is neither whole nor absent: %d of its %d '
                             'changes are in the store' % (len(present), len(own)))
                created = [k[1] for k in own if k[0] == 'line' and k[2] == 'quantity'
                           and k not in without.facts]
                if created:
                    lines.append('  lines it creates: %d of %d are in the store'
                                 % (sum(1 for ref in created if ('line', ref, 'quantity') in found),
                                    len(created)))
                lines += listed('%s: in the store %s, without the command %s, with it %s'
                                % (describe(k), shown(found.get(k)), shown(without.get(k)),
                                   shown(with_.get(k))) for k in own - present)
        by_origin = collections.defaultdict(set)
        for k in lost:
            by_origin[without.origin.get(k, DEMO)].add(k)
        for origin, keys in sorted(by_origin.items()):
            lines += lost_changes(origin, keys, without.facts, found)
        self.fail(lines)

    def acknowledge(self, command, model, rc, err, seconds):
        """A command that ran to its end: it must have exited as expected,
        and from now on the store must hold its change."""
        if rc != command.expect_rc:
            self.fail(['after kill %d of %d: %s exited with %s, expected %d:'
                       % (self.kill_number, self.args.kills, command.tag(), rc,
                          command.expect_rc),
                       '  ' + err.strip().replace('\n', '\n  ')])
        self.durations[command.kind].append(seconds)
        self.stats['acknowledged'] += 1
        self.by_kind[command.kind]['acknowledged'] += 1
        command.apply(model)

    def number(self, command):
        self.n_commands += 1
        command.number = self.n_commands
        return command

    def step(self, model):
        command = self.number(self.gen.next(model))
        kind = command.kind

        delay = None
        if self.rng.random() < self.args.kill_rate:
            # Half of the kills anywhere in the command's life (before it has
            # even started, while it writes, too late), half near its end,
            # where it commits and closes the store.
            expected = self.expected_duration(kind)
            if self.rng.random() < 0.5:
                delay = self.rng.uniform(0, 1.25 * expected)
            else:
                delay = self.rng.uniform(0.6, 1.05) * expected

        # Now and then a backup is taken while the command writes: it must
        # succeed, and the copy must be a whole, consistent store.
        backup = None
        if self.rng.random() < 0.15:
            backup = self.start_backup()

        rc, err, seconds = self.run(command.argv, delay)
        self.by_kind[kind]['run'] += 1
        if backup is not None:
            self.finish_backup(*backup, during=command)

        if rc != -signal.SIGKILL:
            if delay is not None:
                self.stats['kills_too_late'] += 1
            self.acknowledge(command, model, rc, err, seconds)
            return model

        self.kill_number += 1
        with_ = model.copy()
        command.apply(with_)
        fts = self.rng.random() < 0.5
        try:
            kept = self.check([model, with_], fts)
        except CheckFailed as e:
            raise CheckFailed('after kill %d of %d: %s was killed %.1f ms after its start\n%s'
                              % (self.kill_number, self.args.kills, command.tag(),
                                 delay * 1000, e))
        if all(model.get(k) == with_.get(k) for k in with_.touched):
            outcome = 'no change'
        else:
            outcome = 'present' if kept is with_ else 'absent'
        self.stats['checks_passed'] += 1
        self.stats['kills_change_' + outcome.replace(' ', '_')] += 1
        self.by_kind[kind]['killed'] += 1
        self.by_kind[kind]['killed_change_' + outcome.replace(' ', '_')] += 1

        every = 1 if self.args.verbose else max(1, self.args.kills // 10)
        if self.kill_number % every == 0:
            said = {'present': 'its change is in the store',
                    'absent': 'its change is not in the store',
                    'no change': 'it had nothing to change'}[outcome]
            print('kill %d/%d: %s after %.1f ms: %s'
                  % (self.kill_number, self.args.kills, command.tag(), delay * 1000, said),
                  flush=True)
        return kept

    def start_backup(self):
        self.stats['backups'] += 1
        path = os.path.join(self.workdir, 'backup-%d.sqlite3' % self.stats['backups'])
        proc = subprocess.Popen([self.args.cli, '--database', self.database, 'backup', path],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        return proc, path

    def finish_backup(self, proc, path, during):
        _, err = proc.communicate()
        if proc.returncode != 0:
            self.fail(['a backup taken while %s ran exited with %d:' % (during.tag(), proc.returncode),
                       '  ' + err.decode('utf-8', 'replace').strip()])
        try:
            con = connect_readonly(path)
            try:
                result = [r[0] for r in con.execute('PRAGMA integrity_check')]
                violations = con.execute('PRAGMA foreign_key_check').fetchall()
                version = con.execute('PRAGMA user_version').fetchone()[0]
            finally:
                con.close()
        except sqlite3.DatabaseError as e:
            self.fail(['the backup taken while %s ran cannot be read: %s' % (during.tag(), e)])
        if result != ['ok'] or violations:
            self.fail(['the backup taken while %s ran is not consistent:' % during.tag()]
                      + listed(result) + listed(str(v) for v in violations))
        # and it opens as a Backorder Desk database of the same version
        rc, err, _ = self.run([self.args.cli, '--database', path, 'list', 'backorders',
                               '--status', 'all', '--json'])
        if rc != 0 or version < 1:
            self.fail(['the backup taken while %s ran does not open (version %d): %s'
                       % (during.tag(), version, err.strip())])
        os.remove(path)
        self.stats['backups_checked'] += 1

    def start(self):
        rc, err, _ = self.run([self.args.cli, '--database', self.database, 'demo',
                               '--orders', str(self.args.orders), '--seed', str(self.seed % 100000),
                               '--now', '2026-03-01'])
        if rc != 0:
            self.fail(['demo failed (exit %s): %s' % (rc, err.strip())])
        con = connect_readonly(self.database)
        try:
            return Model(read_facts(con))
        finally:
            con.close()

    def results(self, model, failure=None):
        return {
            'result': 'fail' if failure else 'pass',
            'failure': failure,
            'seed': self.seed,
            'kills_planned': self.args.kills,
            'kills': self.kill_number,
            'kills_change_present': self.stats['kills_change_present'],
            'kills_change_absent': self.stats['kills_change_absent'],
            'kills_no_change': self.stats['kills_change_no_change'],
            'kills_too_late': self.stats['kills_too_late'],
            'commands': self.n_commands,
            'commands_acknowledged': self.stats['acknowledged'],
            'checks_passed': self.stats['checks_passed'],
            'fts_checks': self.stats['fts_checks'],
            'backups_checked': self.stats['backups_checked'],
            'lines_at_end': model.get(('count', 'order_lines')) if model else None,
            'duration_s': round(time.monotonic() - self.started, 1),
            'by_kind': {k: dict(v) for k, v in sorted(self.by_kind.items())},
        }


# Proof that the checks catch what they are for: the store is changed
# behind the model's back in the ways a broken store or a lost commit would
# change it, and each must fail the check.

def tamper_cases(harness, model):
    """(name, how to tamper: SQL or a function of the path, words the
    failure must mention, the models the store may equal)."""
    gen = harness.gen
    note = gen.make_note(model)
    ship = gen.make_set_status(model, to='shipped')
    while ship is None:
        # every line closed by the kills' bulk cancels: import open ones
        more = harness.number(gen.make_import_new(model))
        harness.acknowledge(more, model, *harness.run(more.argv))
        ship = gen.make_set_status(model, to='shipped')
    for command in (note, ship):
        harness.acknowledge(harness.number(command), model, *harness.run(command.argv))
    before = model.copy()
    command = harness.number(gen.make_import_new(model))
    harness.acknowledge(command, model, *harness.run(command.argv))
    created = [r for r in model.refs if r not in set(before.refs)]
    half = created[:max(1, len(created) // 2)]

    def ids(refs):
        return ("(SELECT l.id FROM order_lines l JOIN orders o ON o.id = l.order_id"
                " JOIN products p ON p.id = l.product_id WHERE o.ref || '/' || p.sku IN (%s))"
                % ','.join("'%s'" % r for r in refs))

    def corrupt(path):
        with open(path, 'r+b') as f:
            f.seek(4096 * 3)
            f.write(bytes(random.Random(1).randrange(256) for _ in range(4096)))

    acknowledged = [model]
    killed_import = [before, model]
    return [
        ('untouched copy', None, None, acknowledged),
        ('untouched copy, the import killed', None, None, killed_import),
        ('lost note', ('DELETE FROM notes WHERE id = (SELECT max(id) FROM notes WHERE body = ?)',
                       (note.text,)), [repr(note.text)], acknowledged),
        ('lost status change', ("UPDATE order_lines SET status = 'waiting' WHERE id IN %s"
                                % ids([ship.ref]), ()), ['line %s: status' % ship.ref],
         acknowledged),
        ('status change without its event',
         ("DELETE FROM events WHERE id = (SELECT max(id) FROM events WHERE action = 'status'"
          " AND field = 'status' AND line_id IN %s)" % ids([ship.ref]), ()),
         ['line %s: new value of its latest status event' % ship.ref], acknowledged),
        ('half an import', ('DELETE FROM order_lines WHERE id IN %s' % ids(half), ()),
         ['line %s is missing' % r for r in half], acknowledged),
        ('half an import, the import killed',
         ('DELETE FROM order_lines WHERE id IN %s' % ids(half), ()),
         ['neither whole nor absent'], killed_import),
        ('search index out of step with its table',
         ("INSERT INTO notes_fts (notes_fts, rowid, body)"
          " SELECT 'delete', id, body FROM notes WHERE body = ?", (note.text,)),
         ['notes_fts'], acknowledged),
        ('orphan row', ("INSERT INTO complaints (uuid, created_at, updated_at, line_id, author,"
                        " category, body) VALUES ('x', 'x', 'x', 99999999, 'x', 'other', 'orphan')",
                        ()), ['foreign_key_check'], acknowledged),
        ('corrupt page', corrupt, ['integrity_check', 'cannot be read'], acknowledged),
    ]


def self_test(harness, model):
    failures = 0
    for name, tamper, words, alternatives in tamper_cases(harness, model):
        copy = os.path.join(harness.workdir, 'tampered')
        shutil.rmtree(copy, ignore_errors=True)
        os.mkdir(copy)
        for suffix in ('', '-wal', '-shm'):
            if os.path.exists(harness.database + suffix):
                shutil.copy(harness.database + suffix, os.path.join(copy, 'store.sqlite3' + suffix))
        path = os.path.join(copy, 'store.sqlite3')
        if callable(tamper):
            tamper(path)
        elif tamper is not None:
            con = sqlite3.connect(path, isolation_level=None)
            con.execute(*tamper)
            con.close()

        checker = Harness.__new__(Harness)
        checker.database = path
        checker.stats = collections.Counter()
        try:
            checker.check(alternatives, fts=True)
            message = None
        except CheckFailed as e:
            message = str(e)

        if words is None:
            ok = message is None
            verdict = 'passes' if ok else 'FAILS: ' + message
        else:
            ok = message is not None and any(w in message for w in words)
            verdict = ('caught:\n    ' + '\n    '.join(message.split('\n')[:3]) if ok else
                       'NOT CAUGHT' if message is None else
                       'caught, but the message names none of %r:\n%s' % (words, message))
        print('self-test, %s: %s' % (name, verdict))
        failures += not ok
    return failures == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--cli', default=os.environ.get('BD_CLI'),
                        help='backorder-desk-cli to run (default: $BD_CLI)')
    parser.add_argument('--kills', type=int, default=20, help='how many kills (default 20)')
    parser.add_argument('--seed', type=int, default=None, help='random seed (default: random)')
    parser.add_argument('--orders', type=int, default=150,
                        help='orders in the demo store to start from (default 150)')
    parser.add_argument('--kill-rate', type=float, default=0.4,
                        help='share of commands a kill is aimed at (default 0.4)')
    parser.add_argument('--results', help='also write the results to this JSON file')
    parser.add_argument('--keep', action='store_true', help='keep the store and the files')
    parser.add_argument('--verbose', action='store_true', help='one line per kill')
    parser.add_argument('--self-test', action='store_true',
                        help='after the run, tamper with copies of the store and check that '
                             'every tampering is caught')
    args = parser.parse_args()
    if not args.cli:
        parser.error('say which backorder-desk-cli to run: --cli PATH or $BD_CLI')
    args.cli = os.path.abspath(args.cli)
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 2 ** 31)

    replay = '%s --cli %s --seed %d --kills %d --orders %d --kill-rate %s' % (
        os.path.abspath(sys.argv[0]), args.cli, args.seed, args.kills, args.orders, args.kill_rate)
    print('crash-harness: seed %d (replay: %s)' % (args.seed, replay), flush=True)

    harness = Harness(args)
    model = None
    failure = None
    try:
        model = harness.start()
        while harness.kill_number < args.kills:
            model = harness.step(model)
        harness.check([model], fts=True)
        harness.stats['checks_passed'] += 1
        if args.self_test and not self_test(harness, model):
            failure = 'self-test: a tampering was not caught'
    except CheckFailed as e:
        failure = str(e)

    results = harness.results(model, failure)
    if args.results:
        with open(args.results, 'w', encoding='utf-8') as f:
            json.dump(results, f, indent=2)
            f.write('\n')

    if failure:
        print('crash-harness: FAILED (seed %d; replay: %s)\n%s' % (args.seed, replay, failure),
              file=sys.stderr)
        print('crash-harness: the store and the files are kept in %s' % harness.workdir,
              file=sys.stderr)
        return 1

    print('crash-harness: passed: %d kills (change in the store after %d, not after %d, '
          'no change to make %d), %d commands acknowledged, %d checks passed, '
          '%d backups taken during writes checked, %.1f s'
          % (results['kills'], results['kills_change_present'], results['kills_change_absent'],
             results['kills_no_change'], results['commands_acknowledged'],
             results['checks_passed'], results['backups_checked'], results['duration_s']))
    print(json.dumps(results))
    if args.keep:
        print('crash-harness: the store and the files are in %s' % harness.workdir)
    else:
        shutil.rmtree(harness.workdir, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
