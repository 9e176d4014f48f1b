"""What the privacy pages show beyond the declared fields: a request's lifecycle, and the person's
legal bases and requests on the person's page (added by ``apps.PrivacyConfig.ready``)."""

from typing import Any

from django.http import HttpRequest

from danvan.core.workflow import TransitionView, workflow_of

from .models import DataRequest, LegalBasis


def request_context(request: HttpRequest, obj: DataRequest) -> dict[str, Any]:
    workflow = workflow_of(obj)
    return {
        "state_changes": workflow.changes(obj).select_related("actor"),
        "moves": workflow.available(request.user, obj),
        "overdue": obj.is_overdue(),
    }


def person_privacy(request: HttpRequest, person: Any) -> dict[str, Any]:
    """The person's legal bases and data-subject requests, for those who may see personal data."""
    if not request.user.sees_personal_data():
        return {}
    return {
        "legal_bases": LegalBasis.objects.visible_to(request.user).filter(person=person).order_by("-given_on"),
        "data_requests": DataRequest.objects.visible_to(request.user).filter(person=person),
    }


class DataRequestTransitionView(TransitionView):
    """The page of one move of a data-subject request (``core.workflow``)."""

    model = DataRequest
