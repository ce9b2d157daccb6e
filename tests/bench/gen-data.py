#!/usr/bin/env python3
# Writes the benchmark dataset of a large shop: suppliers.csv, products.csv
# and orders.csv with 1,000,000 order lines, 400,000 of them backordered at
# some time and 100,000 still open, 10,000 products and 50,000 customers.
# Deterministic: the same script writes the same files, byte for byte.
#
# usage: gen-data.py OUTDIR [LINES]

import os
import random
import sys

out = sys.argv[1]
n_lines = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
scale = n_lines / 1_000_000
n_backordered = int(400_000 * scale)
n_open = int(100_000 * scale)
n_products = max(10, int(10_000 * scale))
n_customers = max(10, int(50_000 * scale))
n_suppliers = 200

rng = random.Random(20261101)
os.makedirs(out, exist_ok=True)

first = ["Ada", "Bruno", "Chloé", "Dmitri", "Eva", "Farah", "Gustav", "Hana", "Ines",
         "Jonas", "Kai", "Lena", "Mateo", "Nora", "Omar", "Priya", "Rosa", "Sven",
         "Tariq", "Uma", "Viktor", "Wen", "Yusuf", "Zoë"]
last = ["Andersson", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "García",
        "Hoffmann", "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura",
        "O'Brien", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Virtanen", "Weber"]
things = ["Mug", "Teapot", "Cutting Board", "Lamp", "Blanket", "Skillet", "Vase",
          "Bowl", "Organiser", "Plant Pot", "Notebook", "Coaster Set"]
materials = ["Enamel", "Oak", "Linen", "Copper", "Ceramic", "Wool", "Bamboo", "Glass"]


def day(n):
    # days after 2024-11-01, as an ISO date; the shop's history is two years
    y, m, d = 2024, 11, 1
    months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    n += d - 1
    while True:
        ml = months[m - 1] + (1 if m == 2 and y % 4 == 0 else 0)
        if n < ml:
            return "%04d-%02d-%02d" % (y, m, n + 1)
        n -= ml
        m += 1
        if m > 12:
            m, y = 1, y + 1


with open(os.path.join(out, "suppliers.csv"), "w", newline="") as f:
    f.write("supplier_ref,name,email,phone,lead_time_days\n")
    for s in range(n_suppliers):
        f.write("SUP-%03d,Supplier %03d Trading,orders%03d@supplier.example,+49 30 %07d,%d\n"
                % (s, s, s, rng.randrange(10**6, 10**7), rng.randrange(5, 45)))

with open(os.path.join(out, "products.csv"), "w", newline="") as f:
    f.write("sku,name,on_hand,reorder_point,safety_stock,pack_size,supplier_ref,unit_cost,lead_time_days\n")
    for p in range(n_products):
        f.write("SKU-%05d,%s %s %d,%d,%d,%d,%d,SUP-%03d,%d.%02d,\n"
                % (p, rng.choice(materials), rng.choice(things), p, rng.randrange(0, 60),
                   rng.randrange(5, 20), rng.randrange(0, 5), rng.choice((1, 1, 6, 12)),
                   p % n_suppliers, rng.randrange(1, 80), rng.randrange(0, 100)))

# Which lines are backordered, and which of those are still open: exact counts.
flags = [0] * n_lines
for i in rng.sample(range(n_lines), n_backordered):
    flags[i] = 1
backordered = [i for i in range(n_lines) if flags[i]]
for i in rng.sample(backordered, n_open):
    flags[i] = 2

with open(os.path.join(out, "orders.csv"), "w", newline="") as f:
    f.write("order_ref,ordered_at,customer_ref,customer_name,customer_email,sku,product_name,"
            "quantity,backordered_quantity,unit_price,currency,promised_at,shipped_at,cancelled_at\n")
    line = 0
    order = 0
    while line < n_lines:
        order += 1
        c = rng.randrange(n_customers)
        name = "%s %s %d" % (first[c % len(first)], last[(c // len(first)) % len(last)], c)
        d = rng.randrange(0, 730)
        ordered = "%sT%02d:%02d:00Z" % (day(d), rng.randrange(8, 22), rng.randrange(60))
        k = min(rng.choice((1, 1, 2, 3)), n_lines - line)
        for p in rng.sample(range(n_products), k):
            q = rng.randrange(1, 6)
            flag = flags[line]
            bo = rng.randrange(1, q + 1) if flag else 0
            promised = shipped = cancelled = ""
            if flag:
                promised = day(d + rng.randrange(7, 40))
                if flag == 1:
                    if rng.random() < 0.93:
                        shipped = day(d + rng.randrange(5, 45))
                    else:
                        cancelled = day(d + rng.randrange(1, 20))
            f.write("SO-%07d,%s,C-%05d,%s,c%05d@mail.example,SKU-%05d,,%d,%d,%d.%02d,USD,%s,%s,%s\n"
                    % (order, ordered, c, name, c, p, q, bo, rng.randrange(5, 150),
                       rng.randrange(0, 100), promised, shipped, cancelled))
            line += 1
