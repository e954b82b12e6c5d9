"""The kinds of relationship and their inverses.

Each kind names what the relative is to the person; its inverse is what the person is to
the relative. Symmetric kinds are their own inverse.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RelationshipKind:
    code: str
    label: str
    inverse: str
    family: bool = True


_KINDS = [
    RelationshipKind("mother", "Mother", "child"),
    RelationshipKind("father", "Father", "child"),
    RelationshipKind("parent", "Parent", "child"),
    RelationshipKind("child", "Child", "parent"),
    RelationshipKind("step_parent", "Step-parent", "step_child"),
    RelationshipKind("step_child", "Step-child", "step_parent"),
    RelationshipKind("sibling", "Sibling", "sibling"),
    RelationshipKind("half_sibling", "Half-sibling", "half_sibling"),
    RelationshipKind("step_sibling", "Step-sibling", "step_sibling"),
    RelationshipKind("grandparent", "Grandparent", "grandchild"),
    RelationshipKind("grandchild", "Grandchild", "grandparent"),
    RelationshipKind("aunt_uncle", "Aunt or uncle", "niece_nephew"),
    RelationshipKind("niece_nephew", "Niece or nephew", "aunt_uncle"),
    RelationshipKind("cousin", "Cousin", "cousin"),
    RelationshipKind("other_relative", "Other relative", "other_relative"),
    RelationshipKind("partner", "Partner of a parent", "partners_child"),
    RelationshipKind("partners_child", "Child of a partner", "partner"),
    RelationshipKind("carer", "Carer", "cared_for", family=False),
    RelationshipKind("cared_for", "Child cared for", "carer", family=False),
    RelationshipKind("household_member", "Household member", "household_member", family=False),
    RelationshipKind("friend", "Friend", "friend", family=False),
    RelationshipKind("professional", "Professional involved", "professional_for", family=False),
    RelationshipKind("professional_for", "Works with", "professional", family=False),
]

RELATIONSHIP_KINDS: dict[str, RelationshipKind] = {kind.code: kind for kind in _KINDS}
RELATIONSHIP_CHOICES: list[tuple[str, str]] = [(kind.code, kind.label) for kind in _KINDS]


def inverse_of(code: str) -> str:
    return RELATIONSHIP_KINDS[code].inverse


def label_of(code: str) -> str:
    return RELATIONSHIP_KINDS[code].label
