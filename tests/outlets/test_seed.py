from __future__ import annotations

from newsannot.outlets.models import Outlet, OutletDomain, Typology


def test_the_seed_migration_loads_the_state_media_matrix(db):
    # 1,157 asset rows merge into some 630 outlets (Media company + Country).
    assert 600 <= Outlet.objects.count() <= 700
    assert OutletDomain.objects.count() > 850


def test_it_merges_rows_of_one_company_into_one_outlet_with_its_domains(db):
    rt = Outlet.objects.get(name="RT", country="Russia")
    assert rt.typology == Typology.STATE_CONTROLLED
    assert rt.get_typology_display() == "State-controlled"
    assert {"RT Deutsch", "RT France", "Russia Today"} <= set(rt.aliases)
    domains = set(rt.domains.values_list("domain", flat=True))
    # francais.rt.com, de.rt.com, www.rt.com all become rt.com; mirrors keep their own domain.
    assert {"rt.com", "rtde.world", "swentr.site"} <= domains
    assert not any(d.startswith(("www.", "francais.")) for d in domains)


def test_it_keeps_acronyms_in_brackets_as_aliases(db):
    outlet = Outlet.objects.get(name__startswith="All-Russia State Television")
    assert "VGTRK" in outlet.aliases
    assert "Россия-1" in outlet.aliases


def test_it_maps_typology_codes_to_readable_labels(db):
    codes = set(Outlet.objects.values_list("typology", flat=True))
    assert {"SC", "CaPu", "CaPr", "IP"} <= codes
    assert Typology("CaPu").label == "Captured public / state-managed"
