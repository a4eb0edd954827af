from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from newsannot.lib.errors import Conflict, Invalid
from newsannot.outlets.models import Outlet
from newsannot.outlets.services import outlet_save, outlets_export_csv, outlets_import_csv


def test_csv_round_trip_recreates_the_registry(db):
    before = list(
        Outlet.objects.order_by("name", "country").values_list(
            "name", "country", "typology", "aliases", "notes"
        )
    )
    domains_before = sorted(Outlet.objects.values_list("domains__domain", flat=True), key=str)
    text = "".join(outlets_export_csv())
    Outlet.objects.all().delete()
    result = outlets_import_csv(text)
    assert result.created == len(before)
    after = list(
        Outlet.objects.order_by("name", "country").values_list(
            "name", "country", "typology", "aliases", "notes"
        )
    )
    assert after == before
    domains_after = sorted(Outlet.objects.values_list("domains__domain", flat=True), key=str)
    assert domains_after == domains_before


def test_import_updates_outlets_it_knows_by_name_and_country(db):
    text = "name,country,typology,aliases,domains\nRT,Russia,State-controlled,RT | Ruptly,rt.com\n"
    result = outlets_import_csv(text)
    assert (result.created, result.updated) == (0, 1)
    rt = Outlet.objects.get(name="RT", country="Russia")
    assert rt.aliases == ["Ruptly"]
    assert list(rt.domains.values_list("domain", flat=True)) == ["rt.com"]


def test_import_refuses_a_bad_row_and_saves_nothing(db):
    count = Outlet.objects.count()
    text = "name,country,typology\nNew outlet,Nowhere,SC\nOther,Nowhere,Propaganda\n"
    with pytest.raises(Invalid, match=r"Line 3: Unknown typology 'Propaganda'"):
        outlets_import_csv(text)
    assert Outlet.objects.count() == count


def test_a_domain_belongs_to_one_outlet(db):
    with pytest.raises(Conflict, match=r"rt\.com belongs to RT"):
        outlet_save(name="Copycat", domains="https://www.rt.com/")


def test_the_management_commands_export_and_import(db, tmp_path):
    out = io.StringIO()
    call_command("export_outlets", stdout=out)
    path = tmp_path / "outlets.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    call_command("import_outlets", str(path), stdout=io.StringIO())
    (tmp_path / "bad.csv").write_text("nom\nx\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no 'name' column"):
        call_command("import_outlets", str(tmp_path / "bad.csv"))


def test_the_registry_csv_neutralises_formulas_and_its_import_restores_them(db):
    outlet_save(
        name="=HYPERLINK(1)",
        country="+Somewhere",
        aliases=["-minus", "'=quoted"],
        domains="formula-test-registry.com",
        notes="@note",
        source="'=source",
    )
    text = "".join(outlets_export_csv())
    import csv as csv_module

    for row in csv_module.reader(io.StringIO(text, newline="")):
        for cell in row:
            assert cell[:1] not in {"=", "+", "-", "@", "\t", "\r"}, cell
    Outlet.objects.filter(name="=HYPERLINK(1)").delete()
    outlets_import_csv(text)
    back = Outlet.objects.get(name="=HYPERLINK(1)")
    assert (back.country, back.aliases, back.notes, back.source) == (
        "+Somewhere",
        ["-minus", "'=quoted"],
        "@note",
        "'=source",
    )
    assert list(back.domains.values_list("domain", flat=True)) == ["formula-test-registry.com"]
