from typing import Any

from django.http import HttpRequest

from danvan.core.choices import OrgKind

from .derive import menu, menu_groups


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu (from the declarations) and the user's grants, with readable organization kinds."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    grants = user.grants_cached()
    labels = dict(OrgKind.choices)
    for grant in grants:
        grant.org_kind_label = labels.get(grant.org_kind, grant.org_kind)
    return {"user_grants": grants, "user_can_write": user.can_write(), "menu_entries": menu(),
            "menu_groups": menu_groups()}
