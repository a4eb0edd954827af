"""`python -m bench.profile WHAT`: pyinstrument over one request, in-process, on the bench data.

Run `python -m bench` (or `--quick`) first: this reads the database it left behind.
WHAT is `annotate` (the 100 k-character article), `create` (a span on a regular article),
`review` (one decision) or `export` (jsonl of the largest export project).
"""

from __future__ import annotations

import os
import sys

from bench import env


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "annotate"
    os.environ.update(env.django_env())
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from pyinstrument import Profiler

    from newsannot.annotations.models import Span, Status
    from newsannot.corpus.models import Article, Project

    users = get_user_model().objects
    c = Client()
    work = Project.objects.get(name="work")
    big = Article.objects.filter(project=work, external_id__startswith="bench-big").first()
    small = Article.objects.filter(project=work).exclude(pk=big.pk).order_by("id").first()
    if what == "annotate":
        c.force_login(users.get(username="bench-manager"))
        c.get(f"/a/{big.pk}/")

        def request():
            return c.get(f"/a/{big.pk}/")
    elif what == "create":
        c.force_login(users.get(username="analyst-49"))
        words = [i for i, ch in enumerate(small.text) if ch == " "]
        state = {"i": 0}

        def request():
            state["i"] += 1
            a, b = words[state["i"]] + 1, words[state["i"] + 2]
            return c.post(
                f"/a/{small.pk}/spans/",
                {"label": "attribution", "start": a, "end": b, "quote": small.text[a:b]},
                HTTP_HX_REQUEST="true",
            )
    elif what == "review":
        c.force_login(users.get(username="reviewer-2"))
        ids = iter(
            Span.objects.filter(project=work, status=Status.PENDING)
            .exclude(annotator__username="reviewer-2")
            .values_list("id", flat=True)[:10]
        )

        def request():
            return c.post(
                f"/p/{work.pk}/review/{next(ids)}/decide/",
                {"decision": "approve", "version": 1},
                HTTP_HX_REQUEST="true",
            )
    else:
        from knox.models import AuthToken

        name = sys.argv[2] if len(sys.argv) > 2 else "export-100000"
        project = Project.objects.get(name=name)
        _, tok = AuthToken.objects.create(users.get(username="bench-manager"))

        def request():
            r = c.get(
                f"/api/v1/projects/{project.pk}/export/?format=jsonl&status=all",
                HTTP_AUTHORIZATION=f"Token {tok}",
            )
            for _ in r.streaming_content:
                pass
            return r

    request()
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(3):
            response = request()
    print("status", response.status_code)
    out = env.OUT / f"profile-{what}.txt"
    env.OUT.mkdir(exist_ok=True)
    out.write_text(profiler.output_text(unicode=True, show_all=False))
    print(profiler.output_text(unicode=True, show_all=False))


if __name__ == "__main__":
    main()
