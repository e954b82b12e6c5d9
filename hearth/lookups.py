"""``field__any_of=ids``: a long list of ids sent as one value.

``field__in=ids`` puts one placeholder in the SQL for every id. A manager's worktray asks for
a team's 250 children in half a dozen queries, and the cost was in the list, not the database:
Django prepared each id for each query, and the driver rewrote each long statement afresh
because no two had the same text. On PostgreSQL ``any_of`` sends the ids as one array
(``= ANY(%s)``), so the statement's text is the same for every team and the driver keeps it;
elsewhere (SQLite) it is the same ``IN (...)`` as ``__in``. Registered for integer fields and
foreign keys (``CaseworkConfig.ready``).
"""

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    # The ids are taken as they are; each is made an int once, not prepared per field.
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            array_type = self.lhs.output_field.db_type(connection)
            return f"{lhs} = ANY(%s::{array_type}[])", [*lhs_params, self.rhs]
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *self.rhs]


def register() -> None:
    models.IntegerField.register_lookup(AnyOf)
    models.ForeignKey.register_lookup(AnyOf)
