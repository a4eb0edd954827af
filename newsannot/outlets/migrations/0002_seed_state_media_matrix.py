"""Seed the registry from the project's copy of the State Media Matrix (MIT; see data/NOTICE.md)."""

from django.db import migrations


def seed(apps, schema_editor):
    from newsannot.outlets.matrix import SOURCE, read_matrix

    Outlet = apps.get_model("outlets", "Outlet")
    OutletDomain = apps.get_model("outlets", "OutletDomain")
    records = read_matrix()
    outlets = Outlet.objects.bulk_create(
        Outlet(
            name=r.name,
            country=r.country,
            typology=r.typology,
            aliases=r.aliases,
            notes="\n".join(r.notes),
            source=SOURCE,
        )
        for r in records
    )
    taken: dict[str, str] = {}
    domains = []
    for record, outlet in zip(records, outlets, strict=True):
        for domain in record.domains:
            if domain in taken:
                # A handful of domains are listed under two companies; the first keeps it.
                outlet.notes = (outlet.notes + f"\nShares {domain} with {taken[domain]}.").strip()
                outlet.save(update_fields=["notes"])
                continue
            taken[domain] = outlet.name
            domains.append(OutletDomain(outlet=outlet, domain=domain))
    OutletDomain.objects.bulk_create(domains)


def unseed(apps, schema_editor):
    from newsannot.outlets.matrix import SOURCE

    apps.get_model("outlets", "Outlet").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("outlets", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
