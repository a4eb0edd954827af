"""Two managers demote each other at the same instant: one wins, the other is told the project
would be left without a manager. Never zero managers, never a deadlock."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from newsannot.corpus import members
from newsannot.corpus.models import Membership, Role
from newsannot.lib.errors import Conflict
from tests.conftest import make_user


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_demoting_each_other_leave_one_manager(project, manager):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    second = make_user("max")
    members.member_add(project=project, username="max", role="manager", actor=manager)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def demote(actor, target):
        try:
            actor = type(actor).objects.get(pk=actor.pk)  # its own role cache
            barrier.wait(timeout=10)
            members.member_set_role(
                project=project, user_id=target.pk, role=Role.ANALYST, actor=actor
            )
            outcomes[actor.username] = "won"
        except Conflict as error:
            outcomes[actor.username] = error
        except Exception as error:  # a deadlock would land here, and fail the test below
            outcomes[actor.username] = repr(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=demote, args=(manager, second)),
        threading.Thread(target=demote, args=(second, manager)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    won = [name for name, result in outcomes.items() if result == "won"]
    lost = [result for result in outcomes.values() if isinstance(result, Conflict)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert "last manager" in lost[0].message
    assert Membership.objects.filter(project=project, role=Role.MANAGER).count() == 1
