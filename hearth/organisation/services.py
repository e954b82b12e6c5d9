"""Writes to the organisation: the services register, areas, teams and staff."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from hearth.accounts.models import User
from hearth.organisation.models import (
    Area,
    EmploymentType,
    Service,
    ServiceScopeChange,
    StaffMember,
    Team,
    TransferArrangement,
)
from hearth.organisation.register_data import SERVICES, ServiceData
from hearth.transactions import atomic_action


@dataclass(frozen=True)
class RegisterLoadResult:
    services_created: int
    changes_created: int


@atomic_action
def services_register_load(*, register: tuple[ServiceData, ...] = SERVICES) -> RegisterLoadResult:
    """Add the register's services and dated scope changes that are not yet in the database.

    Running it again adds nothing. Rows already present are left as they are, so what an
    administrator has corrected in the admin is not overwritten by the shipped data.
    """
    existing = {service.code: service for service in Service.objects.all()}
    known_changes = set(ServiceScopeChange.objects.values_list("service__code", "effective_from"))
    services_created = changes_created = 0
    for entry in register:
        service = existing.get(entry.code)
        if service is None:
            service = service_create(code=entry.code, name=entry.name, description=entry.description)
            existing[entry.code] = service
            services_created += 1
        for position in entry.positions:
            if (entry.code, position.decision.effective_from) in known_changes:
                continue
            service_scope_change_record(
                service=service,
                status=position.status,
                delivery=position.delivery,
                effective_from=position.decision.effective_from,
                reason=position.reason,
                source=position.decision.source,
                agreement_party=position.agreement_party,
                agreement_detail=position.agreement_detail,
            )
            changes_created += 1
    return RegisterLoadResult(services_created=services_created, changes_created=changes_created)


@atomic_action
def service_create(*, code: str, name: str, description: str = "") -> Service:
    service = Service(code=code, name=name, description=description)
    service.full_clean()
    service.save()
    return service


@atomic_action
def service_scope_change_record(
    *,
    service: Service,
    status: str,
    delivery: str,
    effective_from: date,
    source: str,
    reason: str = "",
    agreement_party: str = "",
    agreement_detail: str = "",
) -> ServiceScopeChange:
    change = ServiceScopeChange(
        service=service,
        status=status,
        delivery=delivery,
        effective_from=effective_from,
        source=source,
        reason=reason,
        agreement_party=agreement_party,
        agreement_detail=agreement_detail,
    )
    change.full_clean()
    change.save()
    return change


@atomic_action
def area_create(*, name: str) -> Area:
    area = Area(name=name)
    area.full_clean()
    area.save()
    return area


@atomic_action
def team_create(*, name: str, team_type: str, service: Service, area: Area | None = None) -> Team:
    team = Team(name=name, team_type=team_type, service=service, area=area)
    team.full_clean()
    team.save()
    return team


@atomic_action
def team_manager_set(*, team: Team, manager: StaffMember | None) -> Team:
    team.manager = manager
    team.full_clean()
    team.save(update_fields=["manager"])
    return team


@atomic_action
def staff_member_create(
    *,
    role_label: str,
    team: Team | None,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    line_manager: StaffMember | None = None,
    fte: Decimal | str = Decimal("1.00"),
    employment_type: str = EmploymentType.PERMANENT,
    registration_number: str = "",
    transfer_arrangement: str = TransferArrangement.TRANSFERRED,
) -> StaffMember:
    """Record a member of staff. A name left blank is taken from their sign-in, if they have one."""
    if user is not None:
        first_name = first_name or user.first_name
        last_name = last_name or user.last_name or user.username
    member = StaffMember(
        user=user,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role_label=role_label,
        team=team,
        line_manager=line_manager,
        fte=fte,
        employment_type=employment_type,
        # People type these with spaces and in lower case; the register holds "SW123456".
        registration_number="".join(str(registration_number).split()).upper(),
        transfer_arrangement=transfer_arrangement,
    )
    member.full_clean()
    member.save()
    return member
