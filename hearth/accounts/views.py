"""Signing in and out."""

import logging

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from hearth.accounts.forms import SignInForm
from hearth.accounts.permissions import public

security_log = logging.getLogger("hearth.security")


@method_decorator(never_cache, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session_expired"] = getattr(self.request, "session_expired", False)
        if context["session_expired"]:
            self.request.clear_signed_in_marker = True
        return context

    def form_invalid(self, form) -> HttpResponse:
        # A failed sign-in is an authentication failure: say so in the status, not only the page.
        security_log.info("sign-in failed username=%r", form.data.get("username", "")[:150])
        return self.render_to_response(self.get_context_data(form=form), status=401)


sign_in = public(SignInView.as_view())


@public
def signed_out(request):
    return render(request, "accounts/signed_out.html")


sign_out = public(auth_views.LogoutView.as_view())
