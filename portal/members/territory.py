"""Communes of the demo territory (Cœur d'Hérault): name, postcode, INSEE code, latitude, longitude."""

COMMUNES = [
    ("Clermont-l'Hérault", "34800", "34079", 43.6275, 3.4319),
    ("Lodève", "34700", "34142", 43.7316, 3.3194),
    ("Gignac", "34150", "34114", 43.6519, 3.5522),
    ("Paulhan", "34230", "34194", 43.5400, 3.4575),
    ("Saint-André-de-Sangonis", "34725", "34239", 43.6478, 3.5019),
    ("Le Caylar", "34520", "34062", 43.8647, 3.3158),
    ("Aniane", "34150", "34010", 43.6853, 3.5869),
    ("Canet", "34800", "34050", 43.6017, 3.4906),
    ("Montarnaud", "34570", "34163", 43.6486, 3.6972),
    ("Saint-Jean-de-Fos", "34150", "34261", 43.7014, 3.5514),
    ("Le Pouget", "34230", "34208", 43.5906, 3.5228),
    ("Nébian", "34800", "34180", 43.6053, 3.4347),
    ("Lunas", "34650", "34146", 43.7058, 3.1933),
    ("Montpeyroux", "34150", "34172", 43.6961, 3.5025),
    ("Saint-Guilhem-le-Désert", "34150", "34261", 43.7336, 3.5497),
]

COMMUNE_NAMES = [c[0] for c in COMMUNES]


def commune(name):
    for row in COMMUNES:
        if row[0] == name:
            return {
                "name": row[0],
                "postcode": row[1],
                "insee": row[2],
                "lat": row[3],
                "lng": row[4],
            }
    return None


def setup_territory(stdout=None):
    """The territory is the list above until it becomes data (issue 13, part 3)."""
    return COMMUNES
