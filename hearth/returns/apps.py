from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """Statutory returns derived from the record (CIN census, Ofsted Annex A) and the data
    quality that DfE's validation rules find in them."""

    name = "hearth.returns"
    label = "returns"
    verbose_name = "Returns and data quality"

    def ready(self) -> None:
        # The worktray's "fix return errors" tasks register themselves when imported.
        from hearth.returns import worktray  # noqa: F401
