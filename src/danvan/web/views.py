from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.core.registry import shortcuts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The home page: the user's scope, the shortcuts apps register for them, the dashboard panel."""
    return render(request, "web/home.html", {"shortcuts": shortcuts(request.user)})
