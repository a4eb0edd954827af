"""A label's or a relation type's shortcut: one key the annotate page does not keep for itself.

The one check, for the labels page, the API and a project created with its labels (they all
call corpus.services.label_create / label_update) and for relation types
(annotations.relations.relation_type_create).
"""

from __future__ import annotations

from newsannot.lib.errors import Invalid

# Keys the annotate page keeps for itself (static/newsannot/annotate.js's keydown): j and k
# walk the span list and, in the link picker, the targets; n, ] and [ go to the next assigned,
# next and previous article; d marks the article done; ? opens the help. A label's or relation
# type's key among them would mean two things on one page.
#
# Not reserved, though the page uses them: a and r (approve, reject the open span), l (start a
# link) and the digits (the open span's attributes). The page tells them apart from a label's
# key, which acts only on a selection (they only without one), and from a relation type's,
# which acts only in the link picker. `a` is also every new project's Attribution label and
# Attributes relation type (corpus/labels.py). Enter, Delete, Escape and the arrows are not one
# typed character, so no shortcut can be one of them.
RESERVED_SHORTCUTS = frozenset("jkn[]?d")


def checked_shortcut(shortcut: object, *, was: str = "") -> str:
    """`shortcut` ("" for none) if it may be one; else Invalid naming the key. `was`: the key
    it had, which it may keep (a key reserved after it was given stays where it is)."""
    if not isinstance(shortcut, str) or len(shortcut) > 1:
        raise Invalid("A shortcut is one key.", field="shortcut")
    if shortcut and (not shortcut.isprintable() or shortcut.isspace()):
        raise Invalid("A shortcut is a letter, digit or sign you can type.", field="shortcut")
    if shortcut in RESERVED_SHORTCUTS and shortcut != was:
        raise Invalid(
            f"The key {shortcut!r} is taken by the annotate page "
            f"(it keeps {' '.join(sorted(RESERVED_SHORTCUTS))} for itself).",
            field="shortcut",
        )
    return shortcut
