"""How the app's PostgreSQL connections are set up."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """JIT's compile step (≈ 0.35 s) once made a small export ten times slower: it is off."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
