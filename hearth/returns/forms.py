from django import forms

from hearth.casework.forms import date_field


class AnnexAForm(forms.Form):
    start = date_field("Start of the period")
    end = date_field("End of the period")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end of the period must be on or after its start")
        return data
