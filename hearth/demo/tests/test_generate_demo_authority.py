import pytest
from django.core.management import CommandError, call_command

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.demo.models import DemoRun
from hearth.demo.staff import DEMO_PASSWORD, SIGN_IN_FOR_ROLE


def _generate(seed=1):
    call_command("generate_demo_authority", "--scale", "tiny", "--seed", str(seed), "--no-progress")


@pytest.mark.django_db(transaction=True)
def test_the_demo_has_a_sign_in_for_every_role():
    _generate()
    for role in Role:
        user = User.objects.get(username=SIGN_IN_FOR_ROLE[role])
        assert user.has_role(role)
        assert user.check_password(DEMO_PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_authority():
    _generate(seed=7)
    first = list(User.objects.order_by("username").values_list("username", "first_name", "last_name"))
    call_command("flush", interactive=False, verbosity=0)
    _generate(seed=7)
    second = list(User.objects.order_by("username").values_list("username", "first_name", "last_name"))
    assert first == second


@pytest.mark.django_db(transaction=True)
def test_a_second_run_reuses_the_demo(capsys):
    _generate()
    _generate()
    assert DemoRun.objects.count() == 1
    assert "Reusing" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_touch_a_database_that_is_not_a_demo():
    User.objects.create_user("real.worker")
    with pytest.raises(CommandError, match="not a generated demo"):
        _generate()
    assert User.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_demo_signins_prints_one_line_per_role(capsys):
    _generate()
    call_command("demo_signins")
    out = capsys.readouterr().out
    for username in SIGN_IN_FOR_ROLE.values():
        assert f" {username} " in out
